import { IntegrationPicker } from '../components/IntegrationPicker';
import { Markdown } from '../components/Markdown';
import { ErrorMessage, Loading } from '../components/StateMessage';
import { useDocumentTitle, useJson } from '../hooks';
import { Link, navigate } from '../router';
import type { CatalogueAnswer, RunbookAnswer } from '../types';
import { apiUrl } from '../api';
import { integrationHref, runbookHref } from '../view';

/** One runbook, rendered from Markdown (sanitised), filled in from the chosen integration's catalogue record. */
export function RunbookPage({ name, search }: { name: string; search: string }) {
  const integration = new URLSearchParams(search).get('integration') ?? undefined;
  const runbook = useJson<RunbookAnswer>(apiUrl(`/api/v1/runbooks/${encodeURIComponent(name)}`, { integration }));
  const catalogue = useJson<CatalogueAnswer>('/api/v1/catalogue');
  const entries = catalogue.data?.integrations ?? [];
  const entry = entries.find((e) => e.id === integration);
  const title = runbook.data?.title ?? name;
  useDocumentTitle(`${title}${entry ? ` · ${entry.title}` : ''} · Switchboard`);

  return (
    <>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link href={`/runbooks${integration ? `?integration=${encodeURIComponent(integration)}` : ''}`}>Runbooks</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{title}</span>
      </nav>
      <div className="page-head page-head--runbook">
        <p className="page-head__reason" data-testid="runbook-for">
          {integration ? (
            <>
              Filled in for <Link href={integrationHref(integration, undefined, 'catalogue')}>{entry?.title ?? integration}</Link> from its catalogue record.
            </>
          ) : (
            'The template: choose an integration to fill in its owner, contacts, partner ticketing and SLOs.'
          )}
        </p>
        <IntegrationPicker
          entries={entries}
          value={integration}
          listing={entries.filter((e) => e.runbooks.includes(name)).map((e) => e.id)}
          onChange={(id) => navigate(runbookHref(name, id), { replace: true })}
        />
      </div>
      {runbook.error && <ErrorMessage error={runbook.error} />}
      {!runbook.data && !runbook.error && <Loading />}
      {runbook.data && (
        <article className="panel runbook" aria-label={runbook.data.title}>
          <Markdown source={runbook.data.markdown} testId="runbook" />
        </article>
      )}
    </>
  );
}
