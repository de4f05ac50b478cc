import { useState } from 'react';
import type { AuditEntry } from '../../admin';
import { formatTimestamp } from '../../format';
import { Badge, type Tone } from '../StatusBadge';

const OUTCOME_TONE: Record<string, Tone> = { ok: 'healthy', refused: 'down', failed: 'degraded' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Which fields an action changed ("role, tenants"), when it recorded both sides. */
export function changedFields(before: unknown, after: unknown): string[] {
  if (!isRecord(before) || !isRecord(after)) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

/** Times (`…_at`, `ts`) read as dates rather than epoch milliseconds. */
function readable(key: string, value: unknown): unknown {
  return typeof value === 'number' && (key.endsWith('_at') || key === 'ts' || key === 'locked_until') && value > 946_684_800_000 ? formatTimestamp(value, true) : value;
}

function Value({ label, value }: { label: string; value: unknown }) {
  return (
    <div className="audit-value">
      <h4>{label}</h4>
      {value === null || value === undefined ? <p className="muted">–</p> : <pre>{JSON.stringify(value, readable, 2)}</pre>}
    </div>
  );
}

/** One entry of the trail; its values before and after (and the detail) open below it. */
export function AuditRow({ entry, columns }: { entry: AuditEntry; columns: number }) {
  const [open, setOpen] = useState(false);
  const changed = changedFields(entry.before, entry.after);
  const hasValues = entry.before != null || entry.after != null || entry.detail != null;
  return (
    <>
      <tr data-testid={`audit-${entry.id}`} data-action={entry.action} data-outcome={entry.outcome}>
        <td className="nowrap">{formatTimestamp(entry.ts, true)}</td>
        <td>
          {entry.actor}
          {entry.actor_kind !== 'user' && <span className="muted"> ({entry.actor_kind})</span>}
        </td>
        <td className="nowrap">
          <code>{entry.address ?? '–'}</code>
        </td>
        <th scope="row">
          <code>{entry.action}</code>
        </th>
        <td className="nowrap">
          <Badge tone={OUTCOME_TONE[entry.outcome] ?? 'unknown'} text={entry.outcome} status={entry.outcome} />
        </td>
        <td>{entry.integration ?? <span className="muted">–</span>}</td>
        <td>
          {entry.target ? <code>{entry.target}</code> : <span className="muted">–</span>}
          {changed.length > 0 && <span className="muted"> · changed {changed.join(', ')}</span>}
        </td>
        <td>
          {hasValues && (
            <button type="button" className="button button--small" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="audit-expand">
              {open ? 'Hide' : entry.before != null || entry.after != null ? 'Before / after' : 'Detail'}
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr className="audit-values" data-testid={`audit-values-${entry.id}`}>
          <td colSpan={columns}>
            <div className="audit-values__grid">
              {(entry.before != null || entry.after != null) && (
                <>
                  <Value label="Before" value={entry.before} />
                  <Value label="After" value={entry.after} />
                </>
              )}
              <Value label="Detail" value={entry.detail} />
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
