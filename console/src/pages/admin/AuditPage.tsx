import { useMemo, useState } from 'react';
import { apiUrl } from '../../api';
import type { AuditAnswer } from '../../admin';
import { auditFilters, auditHref, readAuditView } from '../../audit-view';
import { AdminError } from '../../components/admin/AdminError';
import { AdminNav } from '../../components/admin/AdminNav';
import { AuditFilters } from '../../components/admin/AuditFilters';
import { AuditRow } from '../../components/admin/AuditRow';
import { EmptyMessage, Loading } from '../../components/StateMessage';
import { useDocumentTitle, useJson } from '../../hooks';
import { Link } from '../../router';

const COLUMNS = ['Time', 'Who', 'From', 'Action', 'Outcome', 'Integration', 'Target'];

/** The audit trail: who did or read what, when, from where; filtered in the URL, newest first, a page at a time. */
export function AuditPage({ search }: { search: string }) {
  const view = useMemo(() => readAuditView(search), [search]);
  const filters = auditFilters(view);
  const [attempt, setAttempt] = useState(0);
  const trail = useJson<AuditAnswer>(apiUrl('/api/v1/audit', { ...filters, before: view.before }), attempt);
  const retry = () => setAttempt((n) => n + 1);
  useDocumentTitle('Audit trail · Administration · Switchboard');
  const filterKey = auditHref(filters);

  return (
    <>
      <AdminNav current="audit" />
      <AuditFilters key={filterKey} view={view} />
      {view.before && (
        <p className="pager pager--top">
          Older entries · <Link href={filterKey}>back to the newest</Link>
        </p>
      )}
      {trail.error && <AdminError error={trail.error} onRetry={retry} />}
      {!trail.data && !trail.error && <Loading />}
      {trail.data && trail.data.entries.length === 0 && <EmptyMessage>{view.before ? 'No older entries' : 'No entry matches these filters'}</EmptyMessage>}
      {trail.data && trail.data.entries.length > 0 && (
        <div className="panel">
          <div className="table-scroll">
            <table className="data audit" data-testid="audit-table">
              <caption className="visually-hidden">Audit entries, newest first</caption>
              <thead>
                <tr>
                  {COLUMNS.map((column) => (
                    <th key={column} scope="col">
                      {column}
                    </th>
                  ))}
                  <th scope="col">
                    <span className="visually-hidden">Values</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {trail.data.entries.map((entry) => (
                  <AuditRow key={entry.id} entry={entry} columns={COLUMNS.length + 1} />
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {trail.data?.next && (
        <p className="pager">
          <Link href={auditHref({ ...view, before: trail.data.next })} data-testid="audit-older">
            Older entries →
          </Link>
        </p>
      )}
    </>
  );
}
