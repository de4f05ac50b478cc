/**
 * What every generator shares: the catalogue compiled for fast sampling, the seed, the scale, the
 * incident book and which integrations the caller wants to see.
 */
import { CATALOGUE, type IntegrationProfile, type OperationProfile } from './catalogue.js';
import type { IncidentBook } from './incidents.js';
import { type Random, type WeightedTable, weightedTable, weightedTableOf } from './random.js';

export interface Outcome {
  readonly status?: number;
  readonly error?: string;
}

export interface CompiledOperation {
  readonly index: number;
  readonly profile: OperationProfile;
  readonly errorTable: WeightedTable<Outcome>;
  /** Share of calls that draw any error outcome at all. */
  readonly errorShare: number;
}

export interface CompiledIntegration {
  /** Position in the full catalogue; part of every seed, so subsets draw the same numbers. */
  readonly index: number;
  readonly profile: IntegrationProfile;
  readonly envs: WeightedTable<string>;
  readonly sites: WeightedTable<string>;
  readonly releases: WeightedTable<string>;
  readonly operations: readonly CompiledOperation[];
  readonly operationsByName: ReadonlyMap<string, CompiledOperation>;
}

export interface SimContext {
  readonly seed: number;
  readonly scale: number;
  /** The whole catalogue, included or not: flows cross integrations and must unfold the same way. */
  readonly integrations: readonly CompiledIntegration[];
  readonly included: ReadonlySet<string>;
  readonly incidents: IncidentBook;
}

export interface Tags {
  readonly env: string;
  readonly site: string;
  readonly release: string;
}

function compileOperation(index: number, op: OperationProfile, fallbackErrors: IntegrationProfile['errors']): CompiledOperation {
  const mix = op.errors ?? fallbackErrors;
  const entries: Array<[Outcome, number]> = Object.entries(mix).map(([key, share]) => {
    const status = Number(key);
    return [Number.isInteger(status) ? { status } : { error: key }, share];
  });
  const errorShare = entries.reduce((sum, [, share]) => sum + share, 0);
  if (errorShare >= 1) throw new Error(`error mix of ${op.operation} adds up to ${errorShare}, must be below 1`);
  return {
    index,
    profile: op,
    errorTable: entries.length > 0 ? weightedTableOf(entries) : weightedTableOf([[{ status: 500 }, 1]]),
    errorShare,
  };
}

export function compileCatalogue(profiles: readonly IntegrationProfile[] = CATALOGUE): CompiledIntegration[] {
  return profiles.map((profile, index) => {
    const operations = profile.operations.map((op, i) => compileOperation(i, op, profile.errors));
    return {
      index,
      profile,
      envs: weightedTable(profile.envs),
      sites: weightedTable(profile.sites),
      releases: weightedTable(profile.releases),
      operations,
      operationsByName: new Map(operations.map((op) => [op.profile.operation, op])),
    };
  });
}

export function operationOf(integration: CompiledIntegration, name: string): CompiledOperation {
  const op = integration.operationsByName.get(name);
  if (!op) throw new Error(`${integration.profile.id} has no operation ${name}`);
  return op;
}

/** Always three draws, whatever the tables hold, so the rest of a slice's numbers stay put. */
export function pickTags(rng: Random, integration: CompiledIntegration): Tags {
  return {
    env: rng.pickWeighted(integration.envs),
    site: rng.pickWeighted(integration.sites),
    release: rng.pickWeighted(integration.releases),
  };
}
