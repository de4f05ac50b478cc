import { useId } from 'react';
import type { CatalogueView } from '../catalogue-view';
import { TYPE_LABELS } from '../describe';

function Choice(props: { label: string; all: string; value: string | undefined; choices: Array<[string, string]>; onChange: (value: string | undefined) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value || undefined)}>
        <option value="">{props.all}</option>
        {props.choices.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The catalogue's text, type and owner filters; every change goes to the URL. */
export function CatalogueFilters(props: { view: CatalogueView; owners: string[]; onChange: (next: CatalogueView, typing?: boolean) => void }) {
  const { view, owners, onChange } = props;
  const searchId = useId();
  const types = Object.entries(TYPE_LABELS);
  // A value from the URL stays selectable even when no record has it.
  const ownerChoices = view.owner && !owners.includes(view.owner) ? [...owners, view.owner] : owners;
  const anySet = Boolean(view.q || view.type || view.owner);
  return (
    <form className="filters" role="search" aria-label="Catalogue filters" onSubmit={(e) => e.preventDefault()}>
      <div className="field field--grow">
        <label htmlFor={searchId}>Search</label>
        <input
          id={searchId}
          type="search"
          value={view.q ?? ''}
          placeholder="id, name, partner, owner, tag…"
          data-testid="catalogue-search"
          onChange={(e) => onChange({ ...view, q: e.target.value || undefined }, true)}
        />
      </div>
      <Choice label="Type" all="All types" value={view.type} choices={types} onChange={(type) => onChange({ ...view, type })} />
      <Choice label="Owner" all="All owners" value={view.owner} choices={ownerChoices.map((o) => [o, o])} onChange={(owner) => onChange({ ...view, owner })} />
      {anySet && (
        <button type="button" className="filters__clear" onClick={() => onChange({ sort: view.sort, dir: view.dir })}>
          Clear filters
        </button>
      )}
    </form>
  );
}
