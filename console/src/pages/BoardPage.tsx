import { useMemo } from 'react';
import { activeByIntegration, type AlertsAnswer } from '../alerting';
import { formatRange } from '../format';
import { apiUrl } from '../api';
import { EmptyMessage, ErrorMessage, Loading } from '../components/StateMessage';
import { FilterBar } from '../components/FilterBar';
import { IntegrationTile } from '../components/IntegrationTile';
import { Pager, useCursor } from '../components/Pager';
import { PanelBoundary } from '../components/PanelBoundary';
import { useDocumentTitle, useJson, useNow, useRefreshTick } from '../hooks';
import { Link, navigate } from '../router';
import type { BoardAnswer, DimensionsAnswer, HealthStatus, Tile } from '../types';
import { BOARD_FILTERS, filtersOf, readView, searchOf, windowBounds, windowLabel, type View } from '../view';

const SEVERITY: Record<HealthStatus, number> = { down: 0, degraded: 1, unknown: 2, healthy: 3 };

/** Worst first, so what needs attention is at the top left. */
function bySeverity(a: Tile, b: Tile): number {
  return (SEVERITY[a.status] ?? 2) - (SEVERITY[b.status] ?? 2) || a.id.localeCompare(b.id);
}

function Counts({ tiles }: { tiles: Tile[] }) {
  const count = (status: HealthStatus) => tiles.filter((t) => t.status === status).length;
  const parts = [
    { status: 'down', n: count('down') },
    { status: 'degraded', n: count('degraded') },
    { status: 'unknown', n: count('unknown') },
    { status: 'healthy', n: count('healthy') },
  ].filter((p) => p.n > 0);
  const uncatalogued = tiles.filter((t) => t.uncatalogued).length;
  return (
    <p className="counts" data-testid="board-counts">
      {tiles.length} integration{tiles.length === 1 ? '' : 's'}
      {parts.map((p) => (
        <span key={p.status} className={`counts__part counts__part--${p.status}`}>
          {p.n} {p.status}
        </span>
      ))}
      {uncatalogued > 0 && (
        <Link href="/catalogue" className="counts__part">
          {uncatalogued} uncatalogued
        </Link>
      )}
    </p>
  );
}

/** Every integration as a tile, worst first, over the chosen window and filters. */
export function BoardPage({ search }: { search: string }) {
  const view = useMemo(() => readView(search), [search]);
  const key = searchOf(view, BOARD_FILTERS);
  const tick = useRefreshTick(() => true);
  // The window is re-read from the clock on every refresh and every filter change.
  const bounds = useMemo(() => windowBounds(view.window, Date.now(), { board: true }), [key, tick]);
  // The board pages by integration id past the server's limit; a new filter starts from the first page.
  const page = useCursor(key);
  const board = useJson<BoardAnswer>(apiUrl('/api/v1/integrations', { ...bounds, ...filtersOf(view, BOARD_FILTERS), cursor: page.cursor }), tick);
  const dimensions = useJson<DimensionsAnswer>(apiUrl('/api/v1/dimensions', bounds));
  const alerts = useJson<AlertsAnswer>('/api/v1/alerts?state=active', tick);
  const alertCounts = useMemo(() => activeByIntegration(alerts.data?.alerts ?? []), [alerts.data]);
  useNow(5_000); // re-render now and then, so "last call 12 s ago" stays true
  useDocumentTitle('Board · Switchboard');

  const change = (next: View) => navigate(`/${searchOf(next, BOARD_FILTERS)}`);
  const tiles = board.data ? [...board.data.integrations].sort(bySeverity) : [];
  const quiet = board.data !== undefined && tiles.every((t) => t.volume === 0);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Integrations</h1>
          {board.data && <Counts tiles={tiles} />}
        </div>
        <p className="page-head__window">
          {windowLabel(view.window)}
          {board.data && <span className="muted"> · {formatRange(board.data.from, board.data.to)}</span>}
        </p>
      </div>
      <FilterBar view={view} filters={BOARD_FILTERS} dimensions={dimensions.data} onChange={change} />
      {board.error && <ErrorMessage error={board.error} />}
      {!board.data && !board.error && <Loading />}
      {quiet && <EmptyMessage />}
      {tiles.length > 0 && (
        <ul className="tiles" data-testid="board" data-from={board.data?.from} data-to={board.data?.to} aria-busy={board.loading}>
          {tiles.map((tile) => (
            <PanelBoundary key={tile.id} what={`the tile of ${tile.id}`} resetKey={`${key} ${tick}`}>
              <IntegrationTile tile={tile} search={key} now={Date.now()} alerts={alertCounts.get(tile.id)} />
            </PanelBoundary>
          ))}
        </ul>
      )}
      {board.data && <Pager at={page} next={board.data.next} onward="More integrations" first="first page" testId="board-pager" />}
    </>
  );
}
