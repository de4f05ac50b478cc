/**
 * The shapes of the read API's answers, by the names the console uses: each is the type
 * generated from the server's OpenAPI document (api-types.ts, `npm run api-types`), never a
 * hand-written twin, so a route whose answer changes shows here as a type error.
 */
import { enumValues, type components, type paths } from './api-types';

type Schemas = components['schemas'];

type JsonOf<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;

/** The JSON answer (200, else 201) of a route, as the document declares it: `Answer<'/api/v1/ingest/limits'>`. */
export type Answer<Path extends keyof paths, Method extends 'get' | 'post' | 'put' | 'patch' | 'delete' = 'get'> = paths[Path][Method] extends { responses: infer Responses }
  ? Responses extends { 200: infer Ok }
    ? JsonOf<Ok>
    : Responses extends { 201: infer Created }
      ? JsonOf<Created>
      : never
  : never;

export type Outcome = Schemas['Outcome'];
/** Every outcome class, in the order the document lists them and the console shows them. */
export const OUTCOMES: readonly Outcome[] = enumValues.Outcome;

/** An integration's health; 'unknown' means there is no evidence to judge it by. */
export type HealthStatus = Schemas['HealthStatus'];

export type Signals = Schemas['Signals'];
export type Tile = Schemas['BoardTile'];
export type BoardAnswer = Schemas['Board'];
export type SummaryAnswer = Schemas['Summary'];
export type TimeSeriesAnswer = Schemas['TimeSeries'];
export type OperationRow = Schemas['OperationSignals'];
export type OperationsAnswer = Schemas['Operations'];
export type Failure = Schemas['Failure'];
export type FailuresAnswer = Schemas['Failures'];
export type DimensionsAnswer = Schemas['Dimensions'];

/* The catalogue (GET /api/v1/catalogue) */

export type CatalogueEntry = Schemas['CatalogueEntry'];
export type Contact = NonNullable<CatalogueEntry['contacts']['support']>;
export type IntegrationType = CatalogueEntry['type'];
export type CheckDefinition = Schemas['CatalogueCheck'];
export type CatalogueAnswer = Schemas['Catalogue'];
/** GET /api/v1/catalogue/:id: the record, or a marker for an id that sent data without one. */
export type CatalogueRecordAnswer = Answer<'/api/v1/catalogue/{id}'>;

/* Runbooks */

export type RunbookSummary = Schemas['RunbookSummary'];
export type RunbooksAnswer = Schemas['Runbooks'];
export type RunbookAnswer = Schemas['Runbook'];

/* Health */

export type IntegrationHealth = Schemas['IntegrationHealth'];
export type HealthAnswer = Answer<'/api/v1/health'>;
export type HealthChange = Schemas['HealthChange'];
export type IntegrationHealthAnswer = Schemas['IntegrationHealthHistory'];

/* Active checks */

/** One check of an integration, with its history (GET /api/v1/integrations/:id/checks). */
export type CheckReport = Schemas['IntegrationCheck'];
export type CheckType = CheckReport['type'];
export type CheckStatus = CheckReport['status'];
export type CheckResult = Schemas['CheckResult'];
/** POST …/checks/:name/run */
export type CheckRunAnswer = Schemas['CheckRun'];
export type ChecksAnswer = Answer<'/api/v1/integrations/{id}/checks'>;

/* Feeds and jobs */

export type JobRun = Schemas['JobRun'];
export type RunStatus = JobRun['status'];
export type CountTrend = Schemas['CountTrend'];
export type JobReport = Schemas['JobReport'];
export type JobsAnswer = Schemas['Jobs'];

/** GET /api/v1/ingest/limits: the cardinality limits, what is used of them, and what they refused. */
export type IngestLimitsAnswer = Answer<'/api/v1/ingest/limits'>;
