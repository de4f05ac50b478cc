import { useId } from 'react';
import type { DimensionsAnswer } from '../types';
import { WINDOWS, type FilterName, type View, type WindowKey } from '../view';

const LABELS: Record<FilterName, string> = {
  env: 'Env',
  site: 'Site',
  release: 'Release',
  operation: 'Operation',
  direction: 'Direction',
};

const ALL: Record<FilterName, string> = {
  env: 'All envs',
  site: 'All sites',
  release: 'All releases',
  operation: 'All operations',
  direction: 'Both directions',
};

function choicesFor(name: FilterName, dimensions: DimensionsAnswer | undefined): string[] {
  if (name === 'direction') return ['outbound', 'inbound'];
  if (!dimensions) return [];
  return { env: dimensions.envs, site: dimensions.sites, release: dimensions.releases, operation: dimensions.operations }[name];
}

function FilterSelect(props: { name: FilterName; value: string | undefined; choices: string[]; onChange: (value: string | undefined) => void }) {
  const id = useId();
  // A value from the URL stays selectable even when this window has no calls with it.
  const choices = props.value && !props.choices.includes(props.value) ? [...props.choices, props.value] : props.choices;
  return (
    <div className="field">
      <label htmlFor={id}>{LABELS[props.name]}</label>
      <select id={id} name={props.name} value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value || undefined)}>
        <option value="">{ALL[props.name]}</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The time range as a row of radio buttons; `choices` narrows the windows offered. */
export function WindowPicker({ value, onChange, choices = WINDOWS }: { value: WindowKey; onChange: (value: WindowKey) => void; choices?: ReadonlyArray<(typeof WINDOWS)[number]> }) {
  const name = useId();
  return (
    <fieldset className="field windows">
      <legend>Time range</legend>
      <div className="windows__options">
        {choices.map((w) => (
          <label key={w.key} className={w.key === value ? 'windows__option is-active' : 'windows__option'}>
            <input type="radio" name={name} value={w.key} checked={w.key === value} onChange={() => onChange(w.key)} />
            {w.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Filter drop-downs (values from /api/v1/dimensions) and the time-range picker. */
export function FilterBar(props: {
  view: View;
  filters: readonly FilterName[];
  dimensions: DimensionsAnswer | undefined;
  onChange: (next: View) => void;
}) {
  const { view, filters, dimensions, onChange } = props;
  const anySet = filters.some((name) => view[name]);
  return (
    <form className="filters" role="search" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      {filters.map((name) => (
        <FilterSelect
          key={name}
          name={name}
          value={view[name]}
          choices={choicesFor(name, dimensions)}
          onChange={(value) => onChange({ ...view, [name]: value })}
        />
      ))}
      {anySet && (
        <button
          type="button"
          className="filters__clear"
          onClick={() => {
            const next: View = { ...view };
            for (const name of filters) delete next[name];
            onChange(next);
          }}
        >
          Clear filters
        </button>
      )}
      <WindowPicker value={view.window} onChange={(window) => onChange({ ...view, window })} />
    </form>
  );
}
