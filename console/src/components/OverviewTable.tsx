import type { ReactNode } from 'react';
import { Link } from '../router';
import { integrationHref, type TabKey } from '../view';

/** A table of the overview: a caption for screen readers, a header row, numeric columns right-aligned. */
export function OverviewTable(props: { testId: string; caption: string; columns: Array<{ label: string; num?: boolean; title?: string }>; children: ReactNode }) {
  return (
    <div className="table-scroll">
      <table className="data" data-testid={props.testId}>
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th key={column.label} scope="col" className={column.num ? 'num' : undefined} title={column.title}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** A numeric cell whose raw value rides along in data-value, for tests and tools. */
export function Num({ col, value, children, tone }: { col: string; value: number | null; children: ReactNode; tone?: 'bad' | 'warn' | undefined }) {
  return (
    <td className={tone ? `num is-${tone}` : 'num'} data-col={col} data-value={value ?? ''}>
      {children}
    </td>
  );
}

/** The integration's name, linking to its page (the last 24 hours, as the overview shows). */
export function IntegrationCell({ id, tab }: { id: string; tab?: TabKey }) {
  return (
    <th scope="row">
      <Link href={integrationHref(id, { window: '24h' }, tab)} data-testid="integration-link">
        {id}
      </Link>
    </th>
  );
}
