import type { Kysely } from 'kysely';
import type { Catalogue } from '../catalogue/catalogue.js';
import { NotFoundError } from '../errors.js';
import type { Database } from '../store/schema.js';
import type { IntegrationFilter } from '../store/in-list.js';
import type { Validation } from '../ingest/normalize.js';
import type { Principal } from './principal.js';

/** What a caller may see: every integration, or only these. */
export type Visibility = { all: true } | { all: false; integrations: ReadonlySet<string> };

export const SEES_ALL: Visibility = { all: true };

/** The tenant an integration belongs to, or null when it belongs to none yet. */
export type IntegrationOwners = (integration: string) => string | null;

/**
 * Which tenant each integration belongs to: the catalogue record's tenant (or its owner team),
 * else the tenant its first records named. An integration with neither belongs to no tenant and
 * is seen only by callers bound to none.
 */
export class TenantDirectory {
  private seen: { at: number; tenants: Map<string, string | null> } | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalogue: Catalogue,
    private readonly clock: () => number = Date.now,
    /** New integrations reach a bound caller's view within this long. */
    private readonly cacheMs = 5_000,
  ) {}

  async tenantOf(integration: string): Promise<string | null> {
    return (await this.owners())(integration);
  }

  /**
   * For a key bound to tenants, the owner of any integration (null: nobody yet), to keep its
   * records out of other tenants' integrations; undefined for a caller bound to none.
   */
  async ownersFor(principal: Principal | undefined): Promise<IntegrationOwners | undefined> {
    return !principal || principal.tenants === null ? undefined : this.owners();
  }

  private async owners(): Promise<IntegrationOwners> {
    const seen = await this.seenTenants();
    return (integration) => this.catalogue.get(integration)?.tenant ?? seen.get(integration) ?? null;
  }

  async visibility(principal: Principal | undefined): Promise<Visibility> {
    if (!principal || principal.tenants === null) return SEES_ALL;
    const allowed = new Set(principal.tenants);
    const integrations = new Set<string>();
    for (const entry of this.catalogue.all()) if (allowed.has(entry.tenant)) integrations.add(entry.id);
    for (const [id, tenant] of await this.seenTenants()) {
      if (!this.catalogue.get(id) && tenant !== null && allowed.has(tenant)) integrations.add(id);
    }
    return { all: false, integrations };
  }

  /** What the caller may see, with the checks and filters every route applies. */
  async scopeOf(principal: Principal | undefined): Promise<TenantScope> {
    return new TenantScope(await this.visibility(principal));
  }

  /** Answers 404 for an integration the caller may not see, exactly as for one that does not exist. */
  async assertVisible(principal: Principal | undefined, integration: string, notFound?: string): Promise<void> {
    (await this.scopeOf(principal)).require(integration, notFound);
  }

  /** Ingest committed records of these integrations: one not known yet reaches bound callers at once. */
  noteCommitted(integrations: Iterable<string>): void {
    if (!this.seen) return;
    for (const id of integrations) {
      if (!this.seen.tenants.has(id) && !this.catalogue.get(id)) {
        this.seen = undefined;
        return;
      }
    }
  }

  private async seenTenants(): Promise<Map<string, string | null>> {
    const now = this.clock();
    if (this.seen && now - this.seen.at < this.cacheMs) return this.seen.tenants;
    const rows = await this.db.selectFrom('integrations_seen').select(['id', 'tenant']).execute();
    this.seen = { at: now, tenants: new Map(rows.map((row) => [row.id, row.tenant])) };
    return this.seen.tenants;
  }
}

/**
 * What one caller may see, and the few things every route does with it: filter a list, confine a
 * read, refuse an integration it may not see with the 404 an unknown one gets.
 */
export class TenantScope {
  /** The plain filter the read functions take: undefined for every integration, else the caller's. */
  readonly integrations: IntegrationFilter;

  constructor(readonly visibility: Visibility) {
    this.integrations = visibility.all ? undefined : [...visibility.integrations].sort();
  }

  get seesAll(): boolean {
    return this.visibility.all;
  }

  sees(integration: string): boolean {
    return canSee(this.visibility, integration);
  }

  only<T>(items: readonly T[], integrationOf: (item: T) => string): T[] {
    return visibleOnly(this.visibility, items, integrationOf);
  }

  /**
   * The filter for a list narrowed to one integration (`?integration=`), or for the whole list:
   * another tenant's integration narrows it to nothing, as an unknown one does.
   */
  narrow(asked: string | undefined): IntegrationFilter {
    if (asked === undefined) return this.integrations;
    return this.sees(asked) ? [asked] : [];
  }

  /**
   * Throws NotFoundError with the route's own "not found" message for an integration the caller
   * may not see, so another tenant's integration answers exactly as an unknown one does.
   */
  require(integration: string, notFound = `no integration "${integration}"`): void {
    if (!this.sees(integration)) throw new NotFoundError(notFound);
  }
}

export function canSee(visibility: Visibility, integration: string): boolean {
  return visibility.all || visibility.integrations.has(integration);
}

/** Keeps the items about integrations the caller may see. */
export function visibleOnly<T>(visibility: Visibility, items: readonly T[], integrationOf: (item: T) => string): T[] {
  return visibility.all ? [...items] : items.filter((item) => visibility.integrations.has(integrationOf(item)));
}

/**
 * A key bound to tenants writes only their records: a record naming no tenant takes the key's
 * (when it has exactly one), one naming another tenant is rejected with the reason, and so is
 * one about an integration another tenant owns (`owners`, from TenantDirectory.ownersFor).
 */
export function confineToTenants(principal: Principal | undefined, validation: Validation, owners?: IntegrationOwners): Validation {
  if (!validation.ok || !principal || principal.tenants === null) return validation;
  const { record } = validation;
  const keys = principal.tenants.join(', ');
  const owner = owners?.(record.integration) ?? null;
  if (owner !== null && !principal.tenants.includes(owner)) {
    return { ok: false, error: `integration "${record.integration}" belongs to a tenant this key does not write for (it writes for ${keys})` };
  }
  if (record.tenant === null) {
    if (principal.tenants.length === 1) return { ok: true, record: { ...record, tenant: principal.tenants[0]! } };
    return { ok: false, error: `tenant is required: this key writes for the tenants ${keys}; name one of them` };
  }
  if (!principal.tenants.includes(record.tenant)) {
    return { ok: false, error: `tenant "${record.tenant}" is not one this key may write for (${keys})` };
  }
  return validation;
}
