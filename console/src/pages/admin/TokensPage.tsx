import { useState } from 'react';
import { apiUrl } from '../../api';
import type { CreatedToken, TokensAnswer } from '../../admin';
import { AdminError } from '../../components/admin/AdminError';
import { AddPanel } from '../../components/admin/AddPanel';
import { NewTokenForm } from '../../components/admin/NewTokenForm';
import { TokenRow } from '../../components/admin/TokenRow';
import { ColumnHeads } from '../../components/ColumnHeads';
import { SecretBox } from '../../components/SecretBox';
import { EmptyMessage, Loading } from '../../components/StateMessage';
import { useDocumentTitle, useJson, useNow } from '../../hooks';
import { Link } from '../../router';

/** Tokens: what services and scripts use to call the API (ingest keys among them); make one, revoke one. */
export function TokensPage({ search }: { search: string }) {
  const before = new URLSearchParams(search).get('before') ?? undefined;
  const [changed, setChanged] = useState(0);
  const [created, setCreated] = useState<CreatedToken | undefined>();
  const tokens = useJson<TokensAnswer>(apiUrl('/api/v1/tokens', { before }), changed);
  const now = useNow(30_000);
  useDocumentTitle('Tokens · Administration · Switchboard');
  const refresh = () => setChanged((n) => n + 1);

  return (
    <>
      <AddPanel current="tokens" title="Create a token" testId="add-token">
        {(close) => (
          <NewTokenForm
            onCreated={(token) => {
              setCreated(token);
              close();
              refresh();
            }}
          />
        )}
      </AddPanel>
      {created && (
        <SecretBox label={`Token “${created.name}”`} value={created.token} testId="new-token">
          Copy it now into your secret manager: it will not be shown again. Services send it as <code>Authorization: Bearer …</code>.
        </SecretBox>
      )}
      {tokens.error && <AdminError error={tokens.error} onRetry={refresh} />}
      {!tokens.data && !tokens.error && <Loading />}
      {tokens.data && tokens.data.tokens.length === 0 && <EmptyMessage>No tokens yet</EmptyMessage>}
      {tokens.data && tokens.data.tokens.length > 0 && (
        <div className="panel">
          <div className="table-scroll">
            <table className="data" data-testid="tokens-table">
              <caption className="visually-hidden">Tokens, newest first</caption>
              <ColumnHeads columns={['Token', 'May', 'Tenants', 'Status', 'Created', 'Expires', 'Last used']} actions />
              <tbody>
                {tokens.data.tokens.map((token) => (
                  <TokenRow key={token.id} token={token} now={now} onChanged={refresh} />
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {(before || tokens.data?.next) && (
        <p className="pager">
          {before && <Link href="/admin/tokens">Newest</Link>}
          {tokens.data?.next && <Link href={`/admin/tokens?before=${encodeURIComponent(tokens.data.next)}`}>Older tokens</Link>}
        </p>
      )}
    </>
  );
}
