import { useState } from 'react';
import { deleteJson } from '../../api';
import { tenantsText, type Token } from '../../admin';
import { formatAgo, formatIn, formatTimestamp } from '../../format';
import { ConfirmButton } from '../ConfirmButton';
import { problemOf, ProblemText, type Problem } from '../ProblemText';
import { Badge } from '../StatusBadge';

function TokenStatus({ token, now }: { token: Token; now: number }) {
  if (token.revoked_at !== null) return <Badge tone="down" text="revoked" status="revoked" title={`Revoked ${formatTimestamp(token.revoked_at, true)}`} />;
  if (token.expires_at !== null && token.expires_at <= now) return <Badge tone="degraded" text="expired" status="expired" />;
  return <Badge tone="healthy" text="active" status="active" />;
}

/** One token: what it may do, whether it still works and when it was last used; revoke it. */
export function TokenRow({ token, now, onChanged }: { token: Token; now: number; onChanged: () => void }) {
  const [problem, setProblem] = useState<Problem | undefined>();
  const revoke = async () => {
    setProblem(undefined);
    try {
      await deleteJson(`/api/v1/tokens/${token.id}`);
      onChanged();
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  const usable = token.revoked_at === null && (token.expires_at === null || token.expires_at > now);
  return (
    <tr data-testid={`token-${token.id}`} data-name={token.name} data-revoked={token.revoked_at !== null}>
      <th scope="row">
        {token.name}
        <br />
        <code className="muted">{token.prefix}…</code>
      </th>
      <td>
        {token.scopes.map((scope) => (
          <span key={scope} className="tag">
            {scope}
          </span>
        ))}
      </td>
      <td>
        <span className={token.tenants === null ? 'muted nowrap' : undefined}>{tenantsText(token.tenants)}</span>
      </td>
      <td className="nowrap">
        <TokenStatus token={token} now={now} />
      </td>
      <td className="nowrap">
        {formatAgo(token.created_at, now)}
        {token.created_by && <span className="muted"> by {token.created_by}</span>}
      </td>
      <td className="nowrap">{token.expires_at === null ? <span className="muted">never</span> : token.expires_at > now ? formatIn(token.expires_at, now) : formatTimestamp(token.expires_at, true)}</td>
      <td className="nowrap" data-testid="token-last-used">
        {token.last_used_at === null ? <span className="muted">never</span> : formatAgo(token.last_used_at, now)}
      </td>
      <td className="row-actions">
        {usable && (
          <ConfirmButton
            label="Revoke"
            question={`Revoke “${token.name}”? Anything using it is refused from now on.`}
            confirmLabel="Yes, revoke"
            onConfirm={() => void revoke()}
            testId={`revoke-${token.id}`}
          />
        )}
        {problem && <ProblemText problem={problem} />}
      </td>
    </tr>
  );
}
