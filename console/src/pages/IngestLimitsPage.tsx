import { ErrorMessage, Loading } from '../components/StateMessage';
import { Timestamp } from '../components/Timestamp';
import { formatCount } from '../format';
import { useDocumentTitle, useJson } from '../hooks';
import { refusalText, refusedTotal } from '../ingest-limits';
import { Link } from '../router';
import type { IngestLimitsAnswer } from '../types';

function share(used: number, limit: number): string {
  return limit > 0 ? `${Math.round((used / limit) * 100)} %` : '—';
}

/** The cardinality limits, how close the busiest integrations are to them, and every refusal since the server started. */
export function IngestLimitsPage() {
  const answer = useJson<IngestLimitsAnswer>('/api/v1/ingest/limits');
  useDocumentTitle('Ingest limits · Switchboard');
  const data = answer.data;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Ingest limits</h1>
          <p className="page-head__reason">
            Records that would add an integration, an operation or a label value past a limit are refused with a 4xx reason and counted here, never
            dropped silently. Limits are set in the server's configuration (SWITCHBOARD_LIMIT_*).
          </p>
        </div>
      </div>
      {answer.error && <ErrorMessage error={answer.error} />}
      {!data && !answer.error && <Loading />}
      {data && (
        <>
          <section className="panel" aria-labelledby="limits-refused">
            <div className="panel__head">
              <h2 id="limits-refused">Refused since the server started</h2>
            </div>
            {data.rejections.length === 0 ? (
              <p className="panel__text" data-testid="limits-nothing-refused">
                Nothing refused since <Timestamp ts={data.since} withDate />.
              </p>
            ) : (
              <>
                <p className="panel__text limits__refused" data-testid="limits-refused-total">
                  {formatCount(refusedTotal(data))} records refused since <Timestamp ts={data.since} withDate />.
                </p>
                <div className="table-scroll">
                  <table className="data" data-testid="limits-rejections">
                    <thead>
                      <tr>
                        <th scope="col">Integration</th>
                        <th scope="col">Why</th>
                        <th scope="col" className="num">Records</th>
                        <th scope="col">Last refused value</th>
                        <th scope="col">First</th>
                        <th scope="col">Last</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.rejections.map((rejection) => (
                        <tr key={`${rejection.reason}:${rejection.integration ?? ''}`}>
                          <td>{rejection.integration ? <Link href={`/integrations/${encodeURIComponent(rejection.integration)}`}>{rejection.integration}</Link> : 'new ids'}</td>
                          <td>{refusalText(rejection, data.limits)}</td>
                          <td className="num">{formatCount(rejection.rejected)}</td>
                          <td>
                            <code>{rejection.example}</code>
                          </td>
                          <td>
                            <Timestamp ts={rejection.first_at} withDate />
                          </td>
                          <td>
                            <Timestamp ts={rejection.last_at} withDate />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </section>
          <section className="panel" aria-labelledby="limits-usage">
            <div className="panel__head">
              <h2 id="limits-usage">Usage</h2>
            </div>
            <p className="panel__text" data-testid="limits-integrations">
              {formatCount(data.usage.integrations)} of {formatCount(data.limits.integrations)} integrations ({share(data.usage.integrations, data.limits.integrations)}).
            </p>
            {data.usage.busiest.length > 0 && (
              <div className="table-scroll">
                <table className="data" data-testid="limits-busiest">
                  <caption>Nearest a limit first: operations and event names of {formatCount(data.limits.operations_per_integration)} each, label values of {formatCount(data.limits.label_values_per_integration)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Integration</th>
                      <th scope="col" className="num">Operations</th>
                      <th scope="col" className="num">Event names</th>
                      <th scope="col" className="num">env</th>
                      <th scope="col" className="num">site</th>
                      <th scope="col" className="num">release</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.usage.busiest.map((row) => (
                      <tr key={row.integration}>
                        <td>
                          <Link href={`/integrations/${encodeURIComponent(row.integration)}`}>{row.integration}</Link>
                        </td>
                        <td className="num">{formatCount(row.operation)}</td>
                        <td className="num">{formatCount(row.event)}</td>
                        <td className="num">{formatCount(row.env)}</td>
                        <td className="num">{formatCount(row.site)}</td>
                        <td className="num">{formatCount(row.release)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </>
  );
}
