import { useMemo, useState } from 'react';
import { RefusedRecordsNote } from '../components/RefusedRecordsNote';
import { activeByIntegration, type AlertsAnswer } from '../alerting';
import { formatRange } from '../format';
import { apiUrl } from '../api';
import { KEEP_MS, prefetch } from '../prefetch';
import { EmptyMessage, ErrorMessage, Loading } from '../components/StateMessage';
import { FilterBar } from '../components/FilterBar';
import { IntegrationTile } from '../components/IntegrationTile';
import { Pager, useCursor } from '../components/Pager';
import { PanelBoundary } from '../components/PanelBoundary';
import { useDocumentTitle, useJson, useNow, useRefreshTick } from '../hooks';
import { Link, navigate } from '../router';
import type { BoardAnswer, DimensionsAnswer, HealthStatus } from '../types';
import { BOARD_FILTERS, filtersOf, readView, searchOf, windowBounds, windowLabel, type View } from '../view';

/**
 * Tiles per page: a screenful or two. The server sorts the whole board worst first and sends one
 * page, so the browser holds and renders this many tiles however many integrations there are.
 */
export const BOARD_PAGE = 48;
const STATUSES: HealthStatus[] = ['down', 'degraded', 'unknown', 'healthy'];

/** The whole board's figures (every page), from the server; a page's own from an older server. */
function Counts({ board }: { board: BoardAnswer }) {
  const total = board.total ?? board.integrations.length;
  const count = (status: HealthStatus) => board.statuses?.[status] ?? board.integrations.filter((t) => t.status === status).length;
  const parts = STATUSES.map((status) => ({ status, n: count(status) })).filter((p) => p.n > 0);
  const uncatalogued = board.integrations.filter((t) => t.uncatalogued).length;
  return (
    <p className="counts" data-testid="board-counts" data-total={total}>
      {total} integration{total === 1 ? '' : 's'}
      {parts.map((p) => (
        <span key={p.status} className={`counts__part counts__part--${p.status}`}>
          {p.n} {p.status}
        </span>
      ))}
      {uncatalogued > 0 && (
        <Link href="/catalogue" className="counts__part">
          {uncatalogued} uncatalogued on this page
        </Link>
      )}
    </p>
  );
}

/** Looks for integrations by name, owner, partner or tenant (the board's `q`). */
function Search({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  return (
    <form
      className="board-search"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(text.trim());
      }}
    >
      <input
        type="search"
        aria-label="Search integrations"
        placeholder="Name, owner, partner or tenant"
        value={text}
        maxLength={100}
        onChange={(event) => setText(event.target.value)}
        data-testid="board-search"
      />
    </form>
  );
}

/** What the board asks the API for: a page of tiles, the filters' values, the active alerts. */
function boardRequests(view: View, q: string, bounds: { from: number; to: number }, cursor: string | undefined) {
  return {
    board: apiUrl('/api/v1/integrations', { ...bounds, ...filtersOf(view, BOARD_FILTERS), q, limit: BOARD_PAGE, cursor }),
    dimensions: apiUrl('/api/v1/dimensions', bounds),
    alerts: '/api/v1/alerts?state=active',
  };
}

/** The search and clock the board's early requests used (prefetchBoard). */
let prefetched: { search: string; now: number } | undefined;

/**
 * The clock for the board's first window: the early requests' own while they are fresh, so the
 * page asks for the very URLs they did and takes their answers (read a moment later, the window
 * could end on the next ten minutes and be asked for again).
 */
function firstClock(search: string): number {
  const now = Date.now();
  return prefetched && prefetched.search === search && now - prefetched.now < KEEP_MS ? prefetched.now : now;
}

/** Starts the board's first requests before the session check has answered (see prefetch.ts). */
export function prefetchBoard(search: string, now: number): void {
  prefetched = { search, now };
  const view = readView(search);
  const q = new URLSearchParams(search).get('q') ?? '';
  for (const url of Object.values(boardRequests(view, q, windowBounds(view.window, now, { board: true }), undefined))) prefetch(url);
}

/** Every integration as a tile, worst first, over the chosen window and filters. */
export function BoardPage({ search }: { search: string }) {
  const view = useMemo(() => readView(search), [search]);
  const q = new URLSearchParams(search).get('q') ?? '';
  const withSearch = (path: string, text: string) => (text ? `${path}&q=${encodeURIComponent(text)}` : path);
  const key = withSearch(searchOf(view, BOARD_FILTERS), q);
  const tick = useRefreshTick(() => true);
  // The window is re-read from the clock on every refresh and every filter change.
  const bounds = useMemo(() => windowBounds(view.window, tick === 0 ? firstClock(search) : Date.now(), { board: true }), [key, tick]);
  // A page at a time, worst first; a new filter or search starts from the first page.
  const page = useCursor(key);
  const urls = boardRequests(view, q, bounds, page.cursor);
  const board = useJson<BoardAnswer>(urls.board, tick);
  const dimensions = useJson<DimensionsAnswer>(urls.dimensions);
  const alerts = useJson<AlertsAnswer>(urls.alerts, tick);
  const alertCounts = useMemo(() => activeByIntegration(alerts.data?.alerts ?? []), [alerts.data]);
  useNow(5_000); // re-render now and then, so "last call 12 s ago" stays true
  useDocumentTitle('Board · Switchboard');

  const change = (next: View) => navigate(`/${withSearch(searchOf(next, BOARD_FILTERS), q)}`);
  const tiles = board.data?.integrations ?? [];
  const quiet = board.data !== undefined && !q && tiles.every((t) => t.volume === 0);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Integrations</h1>
          {board.data && <Counts board={board.data} />}
        </div>
        <p className="page-head__window">
          {windowLabel(view.window)}
          {board.data && <span className="muted"> · {formatRange(board.data.from, board.data.to)}</span>}
        </p>
      </div>
      <FilterBar view={view} filters={BOARD_FILTERS} dimensions={dimensions.data} onChange={change} />
      <Search key={q} value={q} onSearch={(text) => navigate(`/${withSearch(searchOf(view, BOARD_FILTERS), text)}`)} />
      <RefusedRecordsNote />
      {board.error && <ErrorMessage error={board.error} />}
      {!board.data && !board.error && <Loading />}
      {quiet && <EmptyMessage />}
      {board.data && q && tiles.length === 0 && (
        <p className="muted" data-testid="board-no-match">
          No integration matches “{q}”.
        </p>
      )}
      {tiles.length > 0 && (
        <ul className="tiles" data-testid="board" data-from={board.data?.from} data-to={board.data?.to} aria-busy={board.loading}>
          {tiles.map((tile) => (
            <PanelBoundary key={tile.id} what={`the tile of ${tile.id}`} resetKey={`${key} ${tick}`}>
              <IntegrationTile tile={tile} search={key} window={windowLabel(view.window)} now={Date.now()} alerts={alertCounts.get(tile.id)} />
            </PanelBoundary>
          ))}
        </ul>
      )}
      {board.data && <Pager at={page} next={board.data.next} onward="More integrations" first="first page" testId="board-pager" />}
    </>
  );
}
