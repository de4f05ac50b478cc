import { useMemo } from 'react';
import { catalogueSearch, filterEntries, readCatalogueView, sortEntries, type CatalogueView, type SortKey } from '../catalogue-view';
import { CatalogueFilters } from '../components/CatalogueFilters';
import { CatalogueTable } from '../components/CatalogueTable';
import { EmptyMessage, ErrorMessage, Loading } from '../components/StateMessage';
import { apiUrl } from '../api';
import { Pager, useCursor } from '../components/Pager';
import { PanelBoundary } from '../components/PanelBoundary';
import { UncataloguedList } from '../components/UncataloguedList';
import { useDocumentTitle, useJson, usePollTick, useRefreshTick } from '../hooks';
import { navigate } from '../router';
import type { CatalogueAnswer, HealthAnswer, IntegrationHealth } from '../types';

const CSV_URL = '/api/v1/catalogue.csv';

/** Every integration in the catalogue as a filterable, sortable table, with the uncatalogued ids below. */
export function CataloguePage({ search }: { search: string }) {
  const view = useMemo(() => readCatalogueView(search), [search]);
  // New ids show up with ingest; health changes on the server's own schedule.
  const tick = useRefreshTick(() => true) + usePollTick(15_000);
  const page = useCursor('catalogue');
  const catalogue = useJson<CatalogueAnswer>(apiUrl('/api/v1/catalogue', { cursor: page.cursor }), tick);
  const healthAnswer = useJson<HealthAnswer>('/api/v1/health', tick);
  useDocumentTitle('Catalogue · Switchboard');

  const health = useMemo(
    () => new Map<string, IntegrationHealth>((healthAnswer.data?.integrations ?? []).map((h) => [h.id, h])),
    [healthAnswer.data],
  );
  const all = catalogue.data?.integrations ?? [];
  const owners = useMemo(() => [...new Set(all.map((e) => e.owner))].sort(), [all]);
  const rows = sortEntries(filterEntries(all, view), view, health);

  // Typing replaces the history entry, so back does not walk every keystroke.
  const change = (next: CatalogueView, typing = false) => navigate(`/catalogue${catalogueSearch(next)}`, { replace: typing });
  const sortBy = (column: SortKey) =>
    change({ ...view, sort: column, dir: view.sort === column && view.dir === 'asc' ? 'desc' : 'asc' });

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Catalogue</h1>
          {catalogue.data && (
            <p className="counts" data-testid="catalogue-count">
              {rows.length === all.length ? `${all.length} integrations` : `${rows.length} of ${all.length} integrations`}
              {catalogue.data.uncatalogued.length > 0 && <span>{catalogue.data.uncatalogued.length} uncatalogued</span>}
            </p>
          )}
        </div>
        <a className="button" href={CSV_URL} download data-testid="catalogue-csv">
          Export CSV <span className="muted">(whole catalogue)</span>
        </a>
      </div>
      <CatalogueFilters view={view} owners={owners} onChange={change} />
      {catalogue.error && <ErrorMessage error={catalogue.error} />}
      {!catalogue.data && !catalogue.error && <Loading />}
      {catalogue.data && all.length === 0 && (
        <EmptyMessage>The catalogue is empty: point SWITCHBOARD_CATALOGUE at a folder of YAML records</EmptyMessage>
      )}
      {all.length > 0 && rows.length === 0 && <EmptyMessage>No integration matches these filters</EmptyMessage>}
      {rows.length > 0 && (
        <section className="panel" aria-label="Integrations">
          <PanelBoundary what="the catalogue" resetKey={search}>
            <CatalogueTable entries={rows} health={health} view={view} onSort={sortBy} />
          </PanelBoundary>
        </section>
      )}
      {catalogue.data && catalogue.data.uncatalogued.length > 0 && <UncataloguedList ids={catalogue.data.uncatalogued} />}
      {catalogue.data && <Pager at={page} next={catalogue.data.next} onward="More integrations" first="first page" testId="catalogue-pager" />}
    </>
  );
}
