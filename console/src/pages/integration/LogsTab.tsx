import { useMemo, useState, type FormEvent } from 'react';
import { apiUrl } from '../../api';
import { ErrorGroups } from '../../components/ErrorGroups';
import { LogLines } from '../../components/LogLines';
import { Pager, useCursor } from '../../components/Pager';
import { PanelBoundary } from '../../components/PanelBoundary';
import { EmptyMessage, ErrorMessage, Loading } from '../../components/StateMessage';
import { formatTimestamp } from '../../format';
import { useJson } from '../../hooks';
import { CONTEXT_MS, LEVEL_CHOICES, readLogFilters, withLogFilters, type ErrorGroupsAnswer, type LogFilters, type LogsAnswer } from '../../logs';
import { navigate } from '../../router';
import { Section } from './SignalsTab';
import '../../logs.css';

const DAY = 86_400_000;

/** The filter form: level, operation and text; applied on submit, kept in the URL. */
function LogFilterForm({ filters, onApply }: { filters: LogFilters; onApply: (next: Partial<LogFilters>) => void }) {
  const [level, setLevel] = useState(filters.level);
  const [operation, setOperation] = useState(filters.operation);
  const [q, setQ] = useState(filters.q);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ level, operation: operation.trim(), q: q.trim(), around: '' });
  };
  return (
    <form className="filters log-filters" onSubmit={submit} data-testid="log-filters">
      <label>
        Level{' '}
        <select value={level} onChange={(event) => setLevel(event.target.value)} data-testid="log-level">
          {LEVEL_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Operation <input type="text" value={operation} maxLength={200} placeholder="e.g. fetch.failed" onChange={(event) => setOperation(event.target.value)} data-testid="log-operation" />
      </label>
      <label>
        Text <input type="search" value={q} maxLength={200} placeholder="message or metadata" onChange={(event) => setQ(event.target.value)} data-testid="log-text" />
      </label>
      <button type="submit" className="button button--small" data-testid="log-apply">
        Show
      </button>
    </form>
  );
}

/**
 * The integration's log lines (newest first, a page at a time, the first page following new lines
 * as they arrive) and its top error types in the window.
 */
export function LogsTab({ id, search, bounds, tick, now }: { id: string; search: string; bounds: { from: number; to: number }; tick: number; now: number }) {
  const filters = useMemo(() => readLogFilters(search), [search]);
  const base = `/api/v1/integrations/${encodeURIComponent(id)}`;
  const around = filters.around ? Number(filters.around) : undefined;
  const query =
    around !== undefined && Number.isFinite(around)
      ? { from: around - CONTEXT_MS, to: around + CONTEXT_MS }
      : { ...bounds, level: filters.level, operation: filters.operation, q: filters.q, fingerprint: filters.fingerprint };
  const key = apiUrl(`${base}/logs`, query);
  const pages = useCursor(key);
  // Live tail: the newest page reloads as lines arrive; an older page stays as it is.
  const lines = useJson<LogsAnswer>(apiUrl(`${base}/logs`, { ...query, limit: 100, cursor: pages.cursor }), pages.depth === 0 ? tick : 0);
  const groups = useJson<ErrorGroupsAnswer>(apiUrl(`${base}/logs/errors`, { ...bounds, limit: 10 }), tick);
  const apply = (next: Partial<LogFilters>) => navigate(`/integrations/${encodeURIComponent(id)}${withLogFilters(search, next)}`, { replace: true });
  const withDate = bounds.to - bounds.from > DAY;
  const shownGroup = groups.data?.groups.find((group) => group.fingerprint === filters.fingerprint);

  return (
    <>
      <Section title="Error types" note="Warnings and errors grouped by their message with ids and numbers taken out; most lines in this window first, against the window before." testId="error-groups-panel">
        <PanelBoundary what="the error types" resetKey={`${id} ${bounds.from} ${bounds.to}`}>
          {groups.error && <ErrorMessage error={groups.error} />}
          {!groups.data && !groups.error && <Loading />}
          {groups.data && groups.data.groups.length === 0 && <EmptyMessage>No warnings or errors in this window</EmptyMessage>}
          {groups.data && groups.data.groups.length > 0 && <ErrorGroups groups={groups.data.groups} now={now} onShow={(group) => apply({ fingerprint: group.fingerprint, level: '', operation: '', q: '', around: '' })} />}
        </PanelBoundary>
      </Section>

      <Section title="Log lines" note={pages.depth > 0 ? 'older lines, 100 a page' : 'newest first, 100 a page; new lines appear as they arrive'} testId="log-lines-panel">
        <LogFilterForm key={search} filters={filters} onApply={apply} />
        {(filters.fingerprint || around !== undefined) && (
          <p className="log-chips">
            {filters.fingerprint && (
              <span className="chip" data-testid="log-chip-type">
                Error type: <code>{shownGroup?.pattern ?? filters.fingerprint}</code>{' '}
                <button type="button" className="button button--link" onClick={() => apply({ fingerprint: '' })}>
                  clear
                </button>
              </span>
            )}
            {around !== undefined && (
              <span className="chip" data-testid="log-chip-around">
                Every line within 5 minutes of {formatTimestamp(around, true)}{' '}
                <button type="button" className="button button--link" onClick={() => apply({ around: '' })}>
                  back to the filtered lines
                </button>
              </span>
            )}
          </p>
        )}
        <PanelBoundary what="the log lines" resetKey={key}>
          {lines.error && <ErrorMessage error={lines.error} />}
          {!lines.data && !lines.error && <Loading />}
          {lines.data && lines.data.logs.length === 0 && <EmptyMessage>No log lines match in this window</EmptyMessage>}
          {lines.data && lines.data.logs.length > 0 && <LogLines lines={lines.data.logs} window={lines.data} withDate={withDate || around !== undefined} onContext={(line) => apply({ around: String(line.ts) })} />}
          {lines.data && <Pager at={pages} next={lines.data.next} testId="log-pager" />}
        </PanelBoundary>
      </Section>
    </>
  );
}
