import { TargetText } from './TargetText';
import { ColumnHeads } from './ColumnHeads';
import { formatAgo, formatDuration, formatIn, formatLatency, formatTimestamp, isoTime } from '../format';
import type { CheckReport, CheckResult } from '../types';
import { CheckBadge } from './StatusBadge';
import { CheckNowButton } from './CheckNowButton';
import { useCan } from '../session';

const MARK = { up: '', degraded: '!', down: '✕' } as const;
const STRIP_CLASS = { up: 'success', degraded: 'partial', down: 'failed' } as const;

function resultText(result: CheckResult): string {
  const parts = [
    result.http_status !== null ? `HTTP ${result.http_status}` : '',
    result.error ?? '',
    typeof result.detail?.days_left === 'number' ? `certificate expires in ${Math.floor(result.detail.days_left)} d` : '',
  ];
  return parts.filter(Boolean).join(' · ') || result.status;
}

/** What a check probes and how often; a heartbeat by when its job must ping. */
function Schedule({ check }: { check: CheckReport }) {
  const beat = check.heartbeat;
  if (check.type === 'heartbeat' && beat) {
    const when = beat.cron ? `cron ${beat.cron}` : beat.period_ms ? `every ${formatDuration(beat.period_ms)}` : 'on its schedule';
    return <>{`heartbeat of job ${beat.job} · ping ${when}, ${formatDuration(beat.grace_ms)} grace`}</>;
  }
  return (
    <>
      {check.type} · <TargetText text={check.target} /> · every {formatDuration(check.interval_ms)}
    </>
  );
}

/** A check's recent results as squares, oldest on the left (the same look as job runs). */
function ResultStrip({ history }: { history: CheckResult[] }) {
  const results = [...history].slice(0, 30).reverse();
  const failing = results.filter((r) => r.status !== 'up').length;
  return (
    <ol className="runs" role="img" aria-label={`Last ${results.length} results, oldest first: ${results.length - failing} up, ${failing} not up`}>
      {results.map((result, i) => (
        <li
          key={`${result.ts}-${i}`}
          className={`runs__run runs__run--${STRIP_CLASS[result.status] ?? 'failed'}`}
          title={`${formatTimestamp(result.ts, false)} · ${result.status} · ${formatLatency(result.latency_ms)}${result.error ? ` · ${result.error}` : ''}`}
        >
          {MARK[result.status] ?? '?'}
        </li>
      ))}
    </ol>
  );
}

/** The integration's active checks and heartbeats: status, last result, latency, next run, "check now". */
export function ChecksTable({ integration, checks, now, onRun }: { integration: string; checks: CheckReport[]; now: number; onRun: () => void }) {
  // "Check now" is for responders: a viewer does not see it (the server refuses it anyway).
  const canRun = useCan('respond');
  return (
    <div className="table-scroll">
      <table className="data" data-testid="checks-table">
        <caption className="visually-hidden">Active checks and heartbeats</caption>
        <ColumnHeads columns={['Check', 'Status', 'Last result', { label: 'Latency', className: 'num' }, 'Next run', 'Recent results']} actions={canRun} />
        <tbody>
          {checks.map((check) => (
            <tr key={check.name} data-testid={`check-${check.name}`} data-status={check.status}>
              <th scope="row">
                <code>{check.name}</code>
                <div className="muted check__target">
                  <Schedule check={check} />
                </div>
              </th>
              <td className="nowrap">
                <CheckBadge status={check.status} testId="check-status" />
                {check.consecutive_failures > 1 && <div className="is-bad check__streak">{check.consecutive_failures} failures in a row</div>}
              </td>
              <td>
                {check.last ? (
                  <>
                    <time dateTime={isoTime(check.last.ts)}>{formatAgo(check.last.ts, now)}</time>
                    <div className="muted">{resultText(check.last)}</div>
                  </>
                ) : (
                  <span className="muted">no result yet</span>
                )}
              </td>
              <td className="num">{formatLatency(check.last?.latency_ms ?? null)}</td>
              <td className="nowrap">{check.type === 'heartbeat' ? (check.next_run === null ? <span className="muted">pushed by the job</span> : `ping due ${formatIn(check.next_run, now)}`) : formatIn(check.next_run, now)}</td>
              <td>{check.history.length > 0 ? <ResultStrip history={check.history} /> : <span className="muted">–</span>}</td>
              {canRun && <td>{check.type !== 'heartbeat' && <CheckNowButton integration={integration} check={check.name} onResult={onRun} />}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
