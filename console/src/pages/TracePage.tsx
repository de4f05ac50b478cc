import { useEffect, useMemo, useRef } from 'react';
import { apiUrl, type ApiError } from '../api';
import { ErrorMessage, Loading } from '../components/StateMessage';
import { TraceFindings } from '../components/TraceFindings';
import { TraceMilestones } from '../components/TraceMilestones';
import { TraceTimeline } from '../components/TraceTimeline';
import { LogLines } from '../components/LogLines';
import '../logs.css';
import { formatCount, formatTimestamp } from '../format';
import { useDocumentTitle, useJson, useRefreshTick } from '../hooks';
import { Link, navigate } from '../router';
import {
  ID_KIND_LABELS,
  readTraceRequest,
  TRACE_ID_KINDS,
  traceHref,
  type TimelineAnswer,
  type TraceIdKind,
  type TraceSearchAnswer,
} from '../trace-view';
import { integrationHref } from '../view';
import { IntegrationName } from '../names';
import '../trace.css';

function Crumbs({ current }: { current: string }) {
  return (
    <nav className="crumbs" aria-label="Breadcrumb">
      <Link href="/">Board</Link>
      <span aria-hidden="true"> / </span>
      <span aria-current="page">{current}</span>
    </nav>
  );
}

/** A 404 from the trace API: nothing carries the id; the server says what it looked for. */
function NotFound({ error }: { error: ApiError }) {
  return (
    <div className="state state--empty" data-testid="trace-not-found">
      <h2>Nothing found</h2>
      <p>{error.message}</p>
    </div>
  );
}

function Failure({ error }: { error: ApiError }) {
  return error.status === 404 ? <NotFound error={error} /> : <ErrorMessage error={error} />;
}

function TraceStart() {
  useDocumentTitle('Trace · Switchboard');
  return (
    <>
      <Crumbs current="Trace" />
      <h1>Trace an order</h1>
      <p className="muted">Type an order, shipment or correlation id in the search box at the top of any page and press Enter.</p>
    </>
  );
}

/** A string of unknown kind: one match opens its trace, several are offered, none is said so. */
function TraceLookup({ q }: { q: string }) {
  useDocumentTitle(`Trace ${q} · Switchboard`);
  const found = useJson<TraceSearchAnswer>(apiUrl('/api/v1/trace/search', { q }));
  const only = found.data?.matches.length === 1 ? found.data.matches[0] : undefined;
  useEffect(() => {
    if (only) navigate(traceHref(only.kind, only.id), { replace: true });
  }, [only]);
  return (
    <>
      <Crumbs current="Trace" />
      <h1>
        Trace <code>{q}</code>
      </h1>
      {found.error && <Failure error={found.error} />}
      {(found.loading || only) && <Loading />}
      {found.data?.ambiguous && (
        <div className="panel" data-testid="trace-choices">
          <div className="panel__head">
            <h2>“{q}” is more than one kind of id. Which one?</h2>
          </div>
          <ul className="plain panel__body">
            {found.data.matches.map((match) => (
              <li key={match.kind}>
                <Link href={traceHref(match.kind, match.id)}>{ID_KIND_LABELS[match.kind]} id</Link>{' '}
                <span className="muted">
                  · {formatCount(match.records)}
                  {match.more ? '+' : ''} record{match.records === 1 ? '' : 's'} · {formatTimestamp(match.first_ts, true)} – {formatTimestamp(match.last_ts, true)}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

const dayOf = (ts: number) => new Date(ts).toDateString();

/** The ids the trace leads to, and the integrations it went through, as links. */
function Related({ timeline }: { timeline: TimelineAnswer }) {
  const lists: Array<[TraceIdKind, string, string[]]> = [
    ['order_id', 'Orders', timeline.related.order_ids],
    ['shipment_id', 'Shipments', timeline.related.shipment_ids],
    ['correlation_id', 'Correlation ids', timeline.related.correlation_ids],
  ];
  return (
    <dl className="strip" data-testid="trace-related">
      <div>
        <dt>Integrations</dt>
        <dd>
          <ul className="plain strip__list">
            {timeline.integrations.map((i) => (
              <li key={i.id}>
                <Link href={integrationHref(i.id)}>
                  <IntegrationName id={i.id} withId />
                </Link>{' '}
                <span className={i.failures > 0 ? 'is-bad' : 'muted'}>
                  ({i.records}
                  {i.failures > 0 ? `, ${i.failures} failed` : ''})
                </span>
              </li>
            ))}
          </ul>
        </dd>
      </div>
      {lists.map(([kind, title, ids]) => {
        const others = ids.filter((id) => !(kind === timeline.kind && id === timeline.id));
        if (others.length === 0) return null;
        return (
          <div key={kind}>
            <dt>{title}</dt>
            <dd>
              <ul className="plain strip__list">
                {others.map((id) => (
                  <li key={id}>
                    <Link href={traceHref(kind, id)} data-testid={`related-${kind}`}>
                      {id}
                    </Link>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

function TraceView({ kind, id }: { kind: TraceIdKind; id: string }) {
  useDocumentTitle(`${ID_KIND_LABELS[kind]} ${id} · Switchboard`);
  // Refetch when one of the integrations this trace went through receives data.
  const integrations = useRef<string[]>([]);
  const tick = useRefreshTick((ids) => ids.some((i) => integrations.current.includes(i)));
  const timeline = useJson<TimelineAnswer>(apiUrl('/api/v1/trace/timeline', { [kind]: id }), tick);
  const data = timeline.data;
  useEffect(() => {
    if (data) integrations.current = data.integrations.map((i) => i.id);
  }, [data]);
  const labels = useMemo(() => new Map((data?.milestones ?? []).map((m) => [m.name, m.label])), [data]);
  // Ids every step shares are said once, in the strip; a row names only those that vary.
  const idKinds = TRACE_ID_KINDS.filter((k) => (data?.related[`${k}s` as const].length ?? 0) > 1);
  // A trace that only log lines carry has no records, so no first and last step.
  const withDate = data && data.first_ts !== null && data.last_ts !== null ? dayOf(data.first_ts) !== dayOf(data.last_ts) || dayOf(data.first_ts) !== dayOf(Date.now()) : false;

  return (
    <>
      <Crumbs current="Trace" />
      <div className="page-head">
        <div>
          <h1>
            {ID_KIND_LABELS[kind]} <code className="trace-id">{id}</code>
          </h1>
          {data && (
            <p className="counts" data-testid="trace-counts">
              <span>
                {formatCount(data.summary.records)} record{data.summary.records === 1 ? '' : 's'}
              </span>
              <span>
                {formatTimestamp(data.first_ts, withDate)} – {formatTimestamp(data.last_ts, withDate)}
              </span>
              {data.summary.failures > 0 && <span className="counts__part--down">{data.summary.failures} failed</span>}
              {data.summary.retries > 0 && <span className="counts__part--degraded">{data.summary.retries} retried</span>}
            </p>
          )}
        </div>
      </div>
      {timeline.error && <Failure error={timeline.error} />}
      {!data && !timeline.error && <Loading />}
      {data && (
        <div aria-busy={timeline.loading}>
          {data.truncated && (
            <p className="state state--warning" role="status" data-testid="trace-truncated">
              This trace has more than {formatCount(data.max_records)} records: the first {formatCount(data.max_records)} are shown, and the flow is judged as it stood at the last of them ({formatTimestamp(data.judged_at, true)}).
            </p>
          )}
          <TraceFindings expectations={data.expectations} />
          <Related timeline={data} />
          {data.milestones.length > 0 && <TraceMilestones milestones={data.milestones} withDate={withDate} />}
          <section className="panel">
            <div className="panel__head">
              <h2>Timeline</h2>
              <p className="panel__note">Oldest first; the gap is the time since the step before. The same call repeated in a row is one line: open it to see each call.</p>
            </div>
            <TraceTimeline entries={data.steps} labels={labels} idKinds={idKinds} withDate={withDate} />
          </section>
          {data.logs && data.logs.length > 0 && (
            <section className="panel" data-testid="trace-logs">
              <div className="panel__head">
                <h2>Log lines</h2>
                <p className="panel__note">What the adapters logged with these ids, oldest first{data.logs_truncated ? `; the first ${formatCount(data.logs.length)} are shown` : ''}.</p>
              </div>
              <LogLines lines={data.logs} withDate={withDate} showIntegration testId="trace-log-lines" />
            </section>
          )}
        </div>
      )}
    </>
  );
}

/** What happened to an order, a shipment or a correlation id, step by step. */
export function TracePage({ search }: { search: string }) {
  const request = useMemo(() => readTraceRequest(search), [search]);
  if (request === null) return <TraceStart />;
  if ('q' in request) return <TraceLookup key={request.q} q={request.q} />;
  return <TraceView key={`${request.kind}:${request.id}`} kind={request.kind} id={request.id} />;
}
