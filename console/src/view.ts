/**
 * What a page shows lives in its query string, so every view is a deep link:
 * `?window=24h&env=production&site=ams-1&release=…&operation=…&direction=…`.
 */

const MINUTE = 60_000;
const TEN_MINUTES = 10 * MINUTE;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const WINDOWS = [
  { key: '1h', label: '1 h', span: HOUR },
  { key: '24h', label: '24 h', span: DAY },
  { key: '7d', label: '7 d', span: 7 * DAY },
  { key: '30d', label: '30 d', span: 30 * DAY },
] as const;
export type WindowKey = (typeof WINDOWS)[number]['key'];
export const DEFAULT_WINDOW: WindowKey = '1h';

export const FILTERS = ['env', 'site', 'release', 'operation', 'direction'] as const;
export type FilterName = (typeof FILTERS)[number];
/** The filters that make sense across integrations (the board's). */
export const BOARD_FILTERS: readonly FilterName[] = ['env', 'site', 'release'];

export type View = { window: WindowKey } & Partial<Record<FilterName, string>>;

function isWindowKey(value: string | null): value is WindowKey {
  return WINDOWS.some((w) => w.key === value);
}

export function readView(search: string): View {
  const query = new URLSearchParams(search);
  const raw = query.get('window');
  const view: View = { window: isWindowKey(raw) ? raw : DEFAULT_WINDOW };
  for (const name of FILTERS) {
    const value = query.get(name);
    if (value) view[name] = value;
  }
  return view;
}

/** The query string of a view (with its leading "?"), keeping only the given filters. */
export function searchOf(view: View, filters: readonly FilterName[] = FILTERS): string {
  const query = new URLSearchParams();
  query.set('window', view.window);
  for (const name of filters) {
    const value = view[name];
    if (value) query.set(name, value);
  }
  return `?${query.toString()}`;
}

export function filtersOf(view: View, filters: readonly FilterName[] = FILTERS): Partial<Record<FilterName, string>> {
  const chosen: Partial<Record<FilterName, string>> = {};
  for (const name of filters) if (view[name]) chosen[name] = view[name];
  return chosen;
}

export function spanOf(key: WindowKey): number {
  return WINDOWS.find((w) => w.key === key)!.span;
}

/**
 * The window ending now. The server aligns both edges down to its rollup buckets (a minute; the
 * board ten minutes on windows above an hour), so `to` is rounded up to the end of the current
 * bucket: the calls of the last few seconds are in, and live updates show at once.
 */
export function windowBounds(key: WindowKey, now: number, options: { board?: boolean } = {}): { from: number; to: number } {
  const span = spanOf(key);
  const align = options.board && span > HOUR ? TEN_MINUTES : MINUTE;
  const to = Math.floor(now / align) * align + align;
  return { from: to - span, to };
}

export function windowLabel(key: WindowKey): string {
  return `last ${WINDOWS.find((w) => w.key === key)!.label}`;
}

/** The integration page's sections, as `?tab=`; signals is the default and is left out of the URL. */
export const TABS = [
  { key: 'signals', label: 'Signals' },
  { key: 'health', label: 'Health and checks' },
  { key: 'catalogue', label: 'Catalogue and runbooks' },
  { key: 'logs', label: 'Logs' },
] as const;
export type TabKey = (typeof TABS)[number]['key'];

export function readTab(search: string): TabKey {
  const raw = new URLSearchParams(search).get('tab');
  return TABS.find((t) => t.key === raw)?.key ?? 'signals';
}

/** An integration page's link: its view (window and filters) and its tab. */
export function integrationHref(id: string, view?: View, tab: TabKey = 'signals'): string {
  const search = view ? searchOf(view, FILTERS) : '';
  const query = new URLSearchParams(search);
  if (tab !== 'signals') query.set('tab', tab);
  const text = query.toString();
  return `/integrations/${encodeURIComponent(id)}${text ? `?${text}` : ''}`;
}

/** A runbook's link, filled for an integration when one is given. */
export function runbookHref(name: string, integration?: string): string {
  return `/runbooks/${encodeURIComponent(name)}${integration ? `?integration=${encodeURIComponent(integration)}` : ''}`;
}
