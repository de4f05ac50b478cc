import { useState } from 'react';
import { OUTCOME_LABELS, formatDuration, formatLatency } from '../format';
import { Timestamp } from './Timestamp';
import { Link } from '../router';
import { ID_KIND_LABELS, traceHref, type TraceGroup, type TraceIdKind, type TraceStep, type TraceEntry } from '../trace-view';
import type { Outcome } from '../types';
import { integrationHref } from '../view';
import { IntegrationName } from '../names';
import { OUTCOME_COLOURS } from './charts';

interface Context {
  /** Milestone name → its label ("Label created"). */
  labels: Map<string, string>;
  /** The kinds of id that differ from step to step (several shipments, say); the others are said once above. */
  idKinds: TraceIdKind[];
  withDate: boolean;
}

function Gap({ ms }: { ms: number | null }) {
  if (ms === null) return <span className="muted">–</span>;
  return <span className="trace-gap">+{formatDuration(ms)}</span>;
}

function OutcomeLabel({ outcome }: { outcome: string | null }) {
  if (outcome === null || !(outcome in OUTCOME_LABELS)) return outcome ? <span>{outcome}</span> : null;
  const known = outcome as Outcome;
  return (
    <span className="outcome" style={{ ['--swatch' as string]: OUTCOME_COLOURS[known].stroke }}>
      {OUTCOME_LABELS[known]}
    </span>
  );
}

/** Failed and retried, in colour, icon and word. */
function Flags({ failed, retry }: { failed: boolean; retry: boolean }) {
  return (
    <>
      {failed && (
        <span className="flag flag--failed" data-testid="flag-failed">
          <span aria-hidden="true">✕</span> failed
        </span>
      )}
      {retry && (
        <span className="flag flag--retry" data-testid="flag-retry">
          <span aria-hidden="true">↻</span> retry
        </span>
      )}
    </>
  );
}

function eventDetail(step: TraceStep): string | null {
  const attrs = step.attrs ?? {};
  const parts = ['status', 'reason', 'detail', 'resolution', 'topic'].map((name) => attrs[name]).filter((v) => v !== undefined && v !== null);
  return parts.length > 0 ? parts.map(String).join(' · ') : null;
}

function StepName({ step, labels }: { step: TraceStep; labels: Map<string, string> }) {
  const label = step.milestone ? labels.get(step.milestone) : undefined;
  return (
    <>
      {label && <strong className="trace-milestone">{label}</strong>} <code>{step.name ?? '–'}</code>{' '}
      <span className="muted">
        {step.kind}
        {step.direction ? ` · ${step.direction}` : ''}
      </span>
    </>
  );
}

function Result({ step }: { step: TraceStep }) {
  if (step.kind === 'call') {
    const code = [step.status, step.error].filter((v) => v !== null && v !== '').join(' · ');
    return (
      <>
        {code && <code>{code}</code>} <OutcomeLabel outcome={step.outcome} />
      </>
    );
  }
  if (step.kind === 'run') return <span>{step.status}</span>;
  const detail = eventDetail(step);
  return detail ? <span className="muted">{detail}</span> : null;
}

/** The ids of the kinds that vary in this trace, each a link to its own trace. */
function Ids({ step, kinds }: { step: TraceStep; kinds: TraceIdKind[] }) {
  const ids = kinds.map((kind) => [kind, step[kind]] as const).filter((pair): pair is readonly [TraceIdKind, string] => pair[1] !== null);
  if (ids.length === 0) return null;
  return (
    <ul className="ids">
      {ids.map(([kind, id]) => (
        <li key={kind}>
          <span className="ids__kind">{ID_KIND_LABELS[kind].toLowerCase()}</span> <Link href={traceHref(kind, id)}>{id}</Link>
        </li>
      ))}
    </ul>
  );
}

function rowClass(failed: boolean, retry: boolean, extra: string[] = []): string {
  return ['trace-row', failed ? 'trace-row--failed' : '', retry ? 'trace-row--retry' : '', ...extra].filter(Boolean).join(' ');
}

function StepRow({ step, context, member = false }: { step: TraceStep; context: Context; member?: boolean }) {
  return (
    <tr
      className={rowClass(step.failed, step.retry, [step.milestone ? 'trace-row--milestone' : '', member ? 'trace-row--member' : ''])}
      data-testid={member ? 'trace-member' : 'trace-step'}
      data-name={step.name ?? ''}
      data-kind={step.kind}
      data-failed={step.failed}
      data-retry={step.retry}
    >
      <td className="nowrap">
        <Timestamp ts={step.ts} withDate={context.withDate} />
      </td>
      <td className="num">
        <Gap ms={step.gap_ms} />
      </td>
      <td>
        <Link href={integrationHref(step.integration)}>
          <IntegrationName id={step.integration} />
        </Link>
      </td>
      <td>
        <StepName step={step} labels={context.labels} />
      </td>
      <td>
        <Result step={step} /> <Flags failed={step.failed} retry={step.retry} />
      </td>
      <td className="num">{formatLatency(step.latency_ms)}</td>
      <td className="num">{step.attempt ?? '–'}</td>
      {context.idKinds.length > 0 && (
        <td>
          <Ids step={step} kinds={context.idKinds} />
        </td>
      )}
    </tr>
  );
}

function latencyRange(group: TraceGroup): string {
  if (group.latency_min_ms === null || group.latency_max_ms === null) return '–';
  if (group.latency_min_ms === group.latency_max_ms) return formatLatency(group.latency_min_ms);
  return `${formatLatency(group.latency_min_ms)} – ${formatLatency(group.latency_max_ms)}`;
}

/** The same call repeated in a row: one line with its figures, its calls listed when opened. */
function GroupRows({ group, context }: { group: TraceGroup; context: Context }) {
  const [open, setOpen] = useState(false);
  const codes = [...group.statuses.map(String), ...group.errors].join(', ');
  return (
    <>
      <tr className={rowClass(group.failed, group.retries > 0, ['trace-row--group'])} data-testid="trace-group" data-name={group.name ?? ''} data-count={group.count} data-failed={group.failed}>
        <td className="nowrap">
          <Timestamp ts={group.first_ts} withDate={context.withDate} />
          <span className="muted"> – </span>
          <Timestamp ts={group.last_ts} withDate={context.withDate} />
        </td>
        <td className="num">
          <Gap ms={group.gap_ms} />
        </td>
        <td>
          <Link href={integrationHref(group.integration)}>
            <IntegrationName id={group.integration} />
          </Link>
        </td>
        <td>
          <button type="button" className="group-toggle" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="group-toggle">
            <span className="group-toggle__mark" aria-hidden="true">
              {open ? '▾' : '▸'}
            </span>
            <strong>{group.count} ×</strong> <code>{group.name}</code>
            <span className="visually-hidden">{open ? ', hide the calls' : ', show the calls'}</span>
          </button>{' '}
          <span className="muted">
            call{group.direction ? ` · ${group.direction}` : ''}
          </span>
        </td>
        <td>
          {codes && <code>{codes}</code>} <OutcomeLabel outcome={group.outcome} /> <Flags failed={group.failed} retry={false} />
          {group.retries > 0 && (
            <span className="flag flag--retry">
              <span aria-hidden="true">↻</span> {group.retries} {group.retries === 1 ? 'retry' : 'retries'}
            </span>
          )}
        </td>
        <td className="num">{latencyRange(group)}</td>
        <td className="num">–</td>
        {context.idKinds.length > 0 && <td />}
      </tr>
      {open && group.steps.map((step) => <StepRow key={step.record_id} step={step} context={context} member />)}
      {open && group.steps_omitted > 0 && (
        <tr className="trace-row trace-row--member">
          <td colSpan={context.idKinds.length > 0 ? 8 : 7} className="muted">
            … and {group.steps_omitted} more calls like these, not listed
          </td>
        </tr>
      )}
    </>
  );
}

/** Every step of the trace, oldest first, with the time since the one before. */
export function TraceTimeline({ entries, ...context }: Context & { entries: TraceEntry[] }) {
  return (
    <div className="table-scroll">
      <table className="data trace" data-testid="trace-timeline">
        <caption className="visually-hidden">The steps of the trace, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col" className="num">
              Gap
            </th>
            <th scope="col">Integration</th>
            <th scope="col">Step</th>
            <th scope="col">Result</th>
            <th scope="col" className="num">
              Latency
            </th>
            <th scope="col" className="num">
              Attempt
            </th>
            {context.idKinds.length > 0 && <th scope="col">Ids</th>}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) =>
            entry.type === 'group' ? (
              <GroupRows key={`g${entry.steps[0]?.record_id}`} group={entry} context={context} />
            ) : (
              <StepRow key={entry.record_id} step={entry} context={context} />
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
