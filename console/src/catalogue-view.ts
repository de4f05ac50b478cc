/**
 * The catalogue page's state lives in its query string, so every view is a deep link:
 * `/catalogue?q=dhl&type=carrier&owner=team-shipping&sort=owner&dir=desc`.
 */
import { searchableText } from './describe';
import type { CatalogueEntry, HealthStatus, IntegrationHealth } from './types';

export const SORT_KEYS = ['name', 'type', 'partner', 'direction', 'criticality', 'owner', 'version', 'health'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface CatalogueView {
  q?: string;
  type?: string;
  owner?: string;
  sort: SortKey;
  dir: 'asc' | 'desc';
}

const isSortKey = (value: string | null): value is SortKey => SORT_KEYS.some((key) => key === value);

export function readCatalogueView(search: string): CatalogueView {
  const query = new URLSearchParams(search);
  const sort = query.get('sort');
  return {
    q: query.get('q') || undefined,
    type: query.get('type') || undefined,
    owner: query.get('owner') || undefined,
    sort: isSortKey(sort) ? sort : 'name',
    dir: query.get('dir') === 'desc' ? 'desc' : 'asc',
  };
}

export function catalogueSearch(view: CatalogueView): string {
  const query = new URLSearchParams();
  if (view.q) query.set('q', view.q);
  if (view.type) query.set('type', view.type);
  if (view.owner) query.set('owner', view.owner);
  if (view.sort !== 'name') query.set('sort', view.sort);
  if (view.dir === 'desc') query.set('dir', 'desc');
  const text = query.toString();
  return text ? `?${text}` : '';
}

export function filterEntries(entries: CatalogueEntry[], view: CatalogueView): CatalogueEntry[] {
  const words = (view.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return entries.filter((entry) => {
    if (view.type && entry.type !== view.type) return false;
    if (view.owner && entry.owner !== view.owner) return false;
    const text = searchableText(entry);
    return words.every((word) => text.includes(word));
  });
}

const CRITICALITY = { high: 0, medium: 1, low: 2 } as const;
const SEVERITY: Record<HealthStatus, number> = { down: 0, degraded: 1, unknown: 2, healthy: 3 };

function sortValue(entry: CatalogueEntry, key: SortKey, health: Map<string, IntegrationHealth>): string | number {
  switch (key) {
    case 'name':
      return entry.title.toLowerCase();
    case 'criticality':
      return CRITICALITY[entry.criticality];
    case 'version':
      return entry.apiVersion ?? '';
    case 'health':
      return SEVERITY[health.get(entry.id)?.status ?? 'unknown'] ?? 2;
    default:
      return entry[key].toLowerCase();
  }
}

/** Sorted by the chosen column, ties by name; "ascending" criticality and health put the worst first. */
export function sortEntries(entries: CatalogueEntry[], view: CatalogueView, health: Map<string, IntegrationHealth>): CatalogueEntry[] {
  const sign = view.dir === 'desc' ? -1 : 1;
  return [...entries].sort((a, b) => {
    const x = sortValue(a, view.sort, health);
    const y = sortValue(b, view.sort, health);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sign * order || a.title.localeCompare(b.title);
  });
}
