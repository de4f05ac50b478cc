import { useId } from 'react';
import type { CatalogueEntry } from '../types';

/** Which catalogued integration a runbook is filled in for (or none: the bare template). */
export function IntegrationPicker(props: { entries: CatalogueEntry[]; value: string | undefined; onChange: (id: string | undefined) => void; listing?: string[] }) {
  const id = useId();
  const { entries, value } = props;
  const known = value === undefined || entries.some((e) => e.id === value);
  return (
    <div className="field picker">
      <label htmlFor={id}>Filled in for</label>
      <select id={id} value={value ?? ''} onChange={(e) => props.onChange(e.target.value || undefined)} data-testid="runbook-integration">
        <option value="">No integration (template)</option>
        {!known && <option value={value}>{value}</option>}
        {entries.map((entry) => (
          <option key={entry.id} value={entry.id}>
            {entry.title}
            {props.listing?.includes(entry.id) ? ' · lists this runbook' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
