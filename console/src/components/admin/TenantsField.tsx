/** The tenants a user or a token is bound to, typed as a comma-separated list (empty: every tenant). */
export function TenantsField({ id, value, onChange }: { id: string; value: string; onChange: (value: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={`${id}-tenants`}>Tenants</label>
      <input id={`${id}-tenants`} value={value} onChange={(e) => onChange(e.target.value)} autoComplete="off" placeholder="every tenant" aria-describedby={`${id}-tenants-text`} />
      <span id={`${id}-tenants-text`} className="field__hint">
        Comma-separated; empty for every tenant
      </span>
    </div>
  );
}
