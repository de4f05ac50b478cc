import { useMemo } from 'react';
import { ErrorMessage, Loading } from '../components/StateMessage';
import { IntegrationPicker } from '../components/IntegrationPicker';
import { authText } from '../describe';
import { useDocumentTitle, useJson } from '../hooks';
import { Link, navigate } from '../router';
import type { CatalogueAnswer, CatalogueEntry, RunbooksAnswer } from '../types';
import { runbookHref } from '../view';

/**
 * The list's summaries are templates ("{{title}} ({{partner}}) is throttling…"): filled from the
 * chosen integration, or read as "the integration" with sentences about unknown values left out.
 */
export function summaryFor(template: string, entry: CatalogueEntry | undefined): string {
  if (entry) {
    const values: Record<string, string> = { title: entry.title, partner: entry.partner, owner: entry.owner, auth: authText(entry.auth) || 'not recorded' };
    return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole).replace(/[^.]*\{\{\w+\}\}[^.]*\.\s*/g, '');
  }
  return template
    .replace(/\{\{title\}\} \(\{\{partner\}\}\)/g, 'the integration')
    .replace(/\{\{title\}\}/g, 'the integration')
    .replace(/[^.]*\{\{\w+\}\}[^.]*\.\s*/g, '')
    .replace(/^the/, 'The')
    .trim();
}

/** Every runbook with its summary; with `?integration=` the links open it filled in for that integration. */
export function RunbooksPage({ search }: { search: string }) {
  const integration = new URLSearchParams(search).get('integration') ?? undefined;
  const runbooks = useJson<RunbooksAnswer>('/api/v1/runbooks');
  const catalogue = useJson<CatalogueAnswer>('/api/v1/catalogue');
  useDocumentTitle('Runbooks · Switchboard');
  const entries = catalogue.data?.integrations ?? [];
  const entry = useMemo(() => entries.find((e) => e.id === integration), [entries, integration]);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Runbooks</h1>
          <p className="page-head__reason">What to do first, how to mitigate, when to open a partner ticket and whom to call — per failure pattern.</p>
        </div>
        <IntegrationPicker
          entries={entries}
          value={integration}
          onChange={(id) => navigate(`/runbooks${id ? `?integration=${encodeURIComponent(id)}` : ''}`, { replace: true })}
        />
      </div>
      {runbooks.error && <ErrorMessage error={runbooks.error} />}
      {!runbooks.data && !runbooks.error && <Loading />}
      {runbooks.data && (
        <ul className="runbooks" data-testid="runbooks">
          {runbooks.data.runbooks.map((runbook) => {
            const used = entry?.runbooks.includes(runbook.name);
            return (
              <li key={runbook.name} className="runbooks__item" data-testid={`runbook-${runbook.name}`}>
                <h2>
                  <Link href={runbookHref(runbook.name, integration)}>{runbook.title}</Link>
                  {used && <span className="tag">listed by {entry?.title}</span>}
                </h2>
                <p>{summaryFor(runbook.summary, entry)}</p>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
