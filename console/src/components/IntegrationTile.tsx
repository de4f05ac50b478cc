import { formatAgo, formatCount, formatLatency, formatRate } from '../format';
import { Link } from '../router';
import { useCan } from '../session';
import type { Tile } from '../types';
import { AlertCount } from './AlertCount';
import { Figure } from './Figure';
import { Sparkline } from './Sparkline';
import { StatusBadge } from './StatusBadge';

/**
 * The reasons after the first, on a second line: the next one in words and a count of the rest,
 * every one in the title. A tile whose figures look fine (a stale feed, a failing check) still
 * says why it is degraded.
 */
function MoreReasons({ reasons }: { reasons: string[] }) {
  if (reasons.length === 0) return null;
  const [next, ...rest] = reasons;
  return (
    <p className="tile__more-reasons" data-testid="tile-more-reasons" data-count={reasons.length} title={reasons.join('\n')}>
      <span className="tile__more-reason">also {next}</span>
      {rest.length > 0 && <span className="tile__more-count"> · +{rest.length} more</span>}
    </p>
  );
}

/**
 * What a troubled tile's failure means and what to do, short: the sentence and the next step cut
 * to two lines (the whole in the title), and the one-click action that fits, which the
 * integration page offers to responders. A viewer cannot press it, so is told who can instead of
 * being shown a chip that promises a click.
 */
function Advice({ advice }: { advice: NonNullable<Tile['advice']> }) {
  const canRespond = useCan('respond');
  return (
    <p className="tile__advice" data-testid="tile-advice" title={`${advice.message} Next: ${advice.next}`}>
      <span className="tile__advice-text">
        {advice.message} <span className="tile__advice-next">Next: {advice.next}</span>
      </span>
      {advice.action &&
        (canRespond ? (
          <span className="tile__advice-action" data-testid="tile-advice-action">
            One click: {advice.action}
          </span>
        ) : (
          <span className="tile__advice-responder" data-testid="tile-advice-responder">
            A responder can run {advice.action}
          </span>
        ))}
    </p>
  );
}

/**
 * One integration on the board: a link to its page that keeps the board's filters.
 *
 * `window` names the figures' window ("last 1 h"): the status and its reason judge the last
 * 15 minutes against the SLO, so an hour's success above target can sit on a degraded tile.
 */
export function IntegrationTile({ tile, search, window, now, alerts }: { tile: Tile; search: string; window: string; now: number; alerts?: { firing: number; pending: number } | undefined }) {
  const { trend } = tile;
  // Buckets that have not started yet would read as a drop to zero.
  const points = trend.volume.filter((_, i) => trend.start + i * trend.step_ms <= now).length;
  const failing = tile.volume - tile.ok;
  return (
    <li className="tiles__item">
      <Link
        href={`/integrations/${encodeURIComponent(tile.id)}${search}`}
        className={`tile tile--${tile.status}`}
        data-testid={`tile-${tile.id}`}
        data-status={tile.status}
        data-uncatalogued={tile.uncatalogued ? 'true' : undefined}
      >
        <div className="tile__head">
          <div className="tile__names">
            <h2 className="tile__name">{tile.title ?? tile.id}</h2>
            <p className="tile__id">
              {tile.title && <code>{tile.id}</code>}
              {tile.owner && (
                <span className="tile__owner" data-testid="tile-owner">
                  {tile.owner}
                </span>
              )}
              {tile.uncatalogued && (
                <span className="tag tag--uncatalogued" data-testid="tile-uncatalogued">
                  uncatalogued
                </span>
              )}
            </p>
          </div>
          <StatusBadge status={tile.status} testId="tile-status" />
        </div>
        <p className="tile__reason" data-testid="tile-reason">
          {alerts && <AlertCount integration={tile.id} firing={alerts.firing} pending={alerts.pending} asLink={false} />} {tile.status_reason}
        </p>
        <MoreReasons reasons={tile.status_reasons?.slice(1) ?? []} />
        {tile.advice && <Advice advice={tile.advice} />}
        <dl className="figures figures--tile" aria-label={`Figures over the ${window}`}>
          <Figure label="Volume" value={tile.volume} text={formatCount(tile.volume)} testId="tile-volume" />
          <Figure
            label="Success"
            sub={window}
            value={tile.success_rate}
            text={formatRate(tile.success_rate)}
            testId="tile-success"
            tone={tile.status === 'down' ? 'bad' : tile.status === 'degraded' ? 'warn' : undefined}
          />
          <Figure label="p95" value={tile.p95_ms} text={formatLatency(tile.p95_ms)} testId="tile-p95" />
        </dl>
        <Sparkline
          volume={trend.volume.slice(0, points)}
          successRate={trend.success_rate.slice(0, points)}
          label={`Volume trend: ${formatCount(tile.volume)} calls, ${formatCount(failing)} not ok`}
        />
        <p className="tile__seen" data-testid="tile-last-seen">
          Last call {formatAgo(tile.last_seen, now)}
        </p>
      </Link>
    </li>
  );
}
