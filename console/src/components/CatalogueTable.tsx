import type { CatalogueView, SortKey } from '../catalogue-view';
import { DIRECTION_LABELS, TYPE_LABELS, sloParts } from '../describe';
import { Link } from '../router';
import type { CatalogueEntry, IntegrationHealth } from '../types';
import { integrationHref } from '../view';
import { StatusBadge } from './StatusBadge';

const COLUMNS: Array<{ key: SortKey | null; label: string }> = [
  { key: 'name', label: 'Integration' },
  { key: 'health', label: 'Health' },
  { key: 'type', label: 'Type' },
  { key: 'partner', label: 'Partner' },
  { key: 'direction', label: 'Direction' },
  { key: 'criticality', label: 'Criticality' },
  { key: 'owner', label: 'Owner' },
  { key: null, label: 'SLOs' },
  { key: null, label: 'Auth' },
  { key: 'version', label: 'Version' },
];

/** A column heading that sorts the table by its column; a second press reverses the order. */
function SortHeader(props: { label: string; column: SortKey; view: CatalogueView; onSort: (column: SortKey) => void }) {
  const active = props.view.sort === props.column;
  const sort = active ? (props.view.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" aria-sort={sort}>
      <button type="button" className="sort" data-testid={`sort-${props.column}`} onClick={() => props.onSort(props.column)}>
        {props.label}
        <span className="sort__mark" aria-hidden="true">
          {active ? (props.view.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

function Criticality({ level }: { level: CatalogueEntry['criticality'] }) {
  return <span className={`criticality criticality--${level}`}>{level}</span>;
}

/** Every catalogued integration, one row each, linking to its catalogue tab. */
export function CatalogueTable(props: {
  entries: CatalogueEntry[];
  health: Map<string, IntegrationHealth>;
  view: CatalogueView;
  onSort: (column: SortKey) => void;
}) {
  const { entries, health, view, onSort } = props;
  return (
    <div className="table-scroll">
      <table className="data catalogue" data-testid="catalogue-table">
        <caption className="visually-hidden">Integrations in the catalogue</caption>
        <thead>
          <tr>
            {COLUMNS.map((column) =>
              column.key ? (
                <SortHeader key={column.label} label={column.label} column={column.key} view={view} onSort={onSort} />
              ) : (
                <th key={column.label} scope="col">
                  {column.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const current = health.get(entry.id);
            return (
              <tr key={entry.id} data-testid={`catalogue-row-${entry.id}`} data-id={entry.id}>
                <th scope="row">
                  <Link href={integrationHref(entry.id, undefined, 'catalogue')}>{entry.title}</Link>
                  <div className="muted catalogue__id">
                    <code>{entry.id}</code>
                  </div>
                </th>
                <td>
                  {current ? (
                    <StatusBadge status={current.status} title={current.reasons.join('; ')} testId="catalogue-health" />
                  ) : (
                    <span className="muted">–</span>
                  )}
                </td>
                <td>{TYPE_LABELS[entry.type] ?? entry.type}</td>
                <td>{entry.partner}</td>
                <td className="nowrap">{DIRECTION_LABELS[entry.direction] ?? entry.direction}</td>
                <td>
                  <Criticality level={entry.criticality} />
                </td>
                <td data-col="owner">{entry.owner}</td>
                <td data-col="slo">
                  <ul className="plain">
                    {sloParts(entry.slo).map((part) => (
                      <li key={part}>{part}</li>
                    ))}
                  </ul>
                </td>
                <td data-col="auth">
                  {entry.auth ? (
                    <>
                      {entry.auth.method}
                      {(entry.auth.rotation || entry.auth.expires) && (
                        <div className="muted small">{[entry.auth.rotation && `rotated ${entry.auth.rotation}`, entry.auth.expires && `expires ${entry.auth.expires}`].filter(Boolean).join(', ')}</div>
                      )}
                    </>
                  ) : (
                    <span className="muted">–</span>
                  )}
                </td>
                <td>{entry.apiVersion ?? <span className="muted">–</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
