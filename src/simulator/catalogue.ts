/**
 * The demo integrations and how their traffic behaves. Everything the generators know about a partner
 * line lives here as data, so a new demo integration is one more entry, not new code.
 */

export type IntegrationType = 'shop' | 'marketplace' | 'carrier' | 'saas-sync' | 'data-feed';

export interface LatencyShape {
  /** Typical latency; latencies are lognormal around it. */
  readonly medianMs: number;
  /** Sigma of log(latency): 0.2 is tight, 0.8 has a long tail. */
  readonly sigma: number;
  /** Our client gives up here, and the call is recorded as `error: "timeout"`. */
  readonly timeoutMs: number;
}

/**
 * Share of calls that end in each non-ok outcome: keys are HTTP statuses (`"503"`) or a network
 * error name (`"timeout"`, `"connection"`, `"dns"`, `"tls"`). Whatever is left over is ok.
 */
export type ErrorMix = Readonly<Record<string, number>>;

export interface OperationProfile {
  readonly operation: string;
  readonly direction: 'outbound' | 'inbound';
  /** Steady calls per minute at the afternoon peak at scale 1; 0 when only flows or runs make them. */
  readonly peakPerMin: number;
  /** Who else makes these calls, for display: order flows (with order/shipment ids) or job runs. */
  readonly drivenBy?: 'flows' | 'runs';
  readonly latency: LatencyShape;
  /** Status of a successful call. */
  readonly okStatus: number;
  /** Replaces the integration's error mix for this operation. */
  readonly errors?: ErrorMix;
}

export interface JobProfile {
  readonly job: string;
  readonly everyMinutes: number;
  readonly duration: { readonly medianMs: number; readonly sigma: number };
  /** Record counts of a successful run: roughly normal around `mean`. */
  readonly counts: Readonly<Record<string, { readonly mean: number; readonly sd: number }>>;
  /** Share of runs that fail on a normal day. */
  readonly failureRate: number;
  readonly failureErrors: readonly string[];
  /** Outbound calls a run makes while it works (they share the run's correlation id). */
  readonly calls?: { readonly operation: string; readonly min: number; readonly max: number };
}

export interface GaugeProfile {
  readonly name: string;
  /** Level at the afternoon peak on a quiet day; it follows the day cycle down at night. */
  readonly base: number;
  readonly noise: number;
  /** How fast the level builds up per minute while an incident degrades the integration. */
  readonly backlogPerMinute: number;
}

/** A service-bus consumer: the queue its workers drain, reported as message events (messages.ts). */
export interface MessageProfile {
  readonly queue: string;
  /** Messages handled per minute at the afternoon peak at scale 1. */
  readonly peakPerMin: number;
  /** Share of them that fail on a normal day. */
  readonly failureShare: number;
}

export interface IntegrationProfile {
  /** Catalogue id, matching the contract's `^[a-z0-9][a-z0-9._-]{0,63}$`. */
  readonly id: string;
  readonly name: string;
  readonly type: IntegrationType;
  readonly partner: string;
  readonly description: string;
  /** Weights of the env / site / release each record is tagged with. */
  readonly envs: Readonly<Record<string, number>>;
  readonly sites: Readonly<Record<string, number>>;
  readonly releases: Readonly<Record<string, number>>;
  /** Share of the peak rate left at the quietest hour of the night. */
  readonly nightFloor: number;
  readonly errors: ErrorMix;
  readonly operations: readonly OperationProfile[];
  /** Order channels: orders per minute at peak at scale 1. */
  readonly orders?: { readonly peakPerMin: number };
  /** Carriers: the share of shipments sent with this carrier. */
  readonly shipmentShare?: number;
  /** Carriers: how their tracking numbers (our shipment ids) begin. */
  readonly trackingPrefix?: string;
  readonly jobs?: readonly JobProfile[];
  readonly gauges?: readonly GaugeProfile[];
  readonly messages?: MessageProfile;
}

/** A trickle of the usual client errors, the odd server error and rare network trouble. */
const USUAL_ERRORS: ErrorMix = {
  400: 0.004,
  404: 0.002,
  409: 0.001,
  422: 0.003,
  500: 0.001,
  502: 0.0008,
  503: 0.0008,
  timeout: 0.0005,
  connection: 0.0003,
  dns: 0.00005,
  tls: 0.00005,
};

/** Partners calling us: almost always fine; our own handler occasionally rejects or fails. */
const INBOUND_ERRORS: ErrorMix = { 400: 0.002, 401: 0.0005, 500: 0.0008 };

/** Webhook handlers only acknowledge and enqueue, so they are fast. */
const WEBHOOK_LATENCY: LatencyShape = { medianMs: 18, sigma: 0.45, timeoutMs: 10_000 };

const PRODUCTION_MOSTLY = { production: 0.93, staging: 0.07 };
const TWO_SITES = { 'ams-1': 0.6, 'fra-2': 0.4 };
const CANARY_RELEASE = { '2026.11.2': 0.9, '2026.11.3': 0.1 };

export const CATALOGUE: readonly IntegrationProfile[] = [
  {
    id: 'shopify-connector',
    name: 'Shopify connector',
    type: 'shop',
    partner: 'Shopify',
    description: 'Receives order webhooks from the web shop and writes fulfilment back.',
    envs: PRODUCTION_MOSTLY,
    sites: TWO_SITES,
    releases: CANARY_RELEASE,
    nightFloor: 0.1,
    errors: USUAL_ERRORS,
    orders: { peakPerMin: 5 },
    operations: [
      { operation: 'order.webhook', direction: 'inbound', peakPerMin: 0, drivenBy: 'flows', latency: WEBHOOK_LATENCY, okStatus: 200, errors: INBOUND_ERRORS },
      { operation: 'order.update', direction: 'outbound', peakPerMin: 2, drivenBy: 'flows', latency: { medianMs: 240, sigma: 0.35, timeoutMs: 20_000 }, okStatus: 200 },
      { operation: 'fulfillment.create', direction: 'outbound', peakPerMin: 0, drivenBy: 'flows', latency: { medianMs: 320, sigma: 0.4, timeoutMs: 20_000 }, okStatus: 201 },
    ],
  },
  {
    id: 'amazon-marketplace',
    name: 'Amazon marketplace',
    type: 'marketplace',
    partner: 'Amazon SP-API',
    description: 'Polls marketplace orders, pushes listings and confirms shipments.',
    envs: PRODUCTION_MOSTLY,
    sites: { 'ams-1': 1 },
    releases: { '2026.11.2': 1 },
    nightFloor: 0.15,
    // SP-API throttles eagerly: a steady 1.5 % of 429s is normal there.
    errors: { ...USUAL_ERRORS, 429: 0.015 },
    orders: { peakPerMin: 3 },
    operations: [
      { operation: 'orders.list', direction: 'outbound', peakPerMin: 12, latency: { medianMs: 420, sigma: 0.35, timeoutMs: 30_000 }, okStatus: 200 },
      { operation: 'listing.update', direction: 'outbound', peakPerMin: 30, latency: { medianMs: 380, sigma: 0.45, timeoutMs: 30_000 }, okStatus: 202 },
      { operation: 'shipment.confirm', direction: 'outbound', peakPerMin: 0, drivenBy: 'flows', latency: { medianMs: 450, sigma: 0.4, timeoutMs: 30_000 }, okStatus: 200 },
    ],
  },
  {
    id: 'dhl-carrier',
    name: 'DHL Parcel',
    type: 'carrier',
    partner: 'DHL',
    description: 'Creates shipping labels and follows tracking; fast and predictable.',
    envs: PRODUCTION_MOSTLY,
    sites: TWO_SITES,
    releases: CANARY_RELEASE,
    nightFloor: 0.12,
    errors: USUAL_ERRORS,
    shipmentShare: 0.6,
    trackingPrefix: 'JJD',
    operations: [
      { operation: 'label.create', direction: 'outbound', peakPerMin: 0, drivenBy: 'flows', latency: { medianMs: 210, sigma: 0.22, timeoutMs: 10_000 }, okStatus: 201 },
      { operation: 'tracking.get', direction: 'outbound', peakPerMin: 40, latency: { medianMs: 90, sigma: 0.25, timeoutMs: 10_000 }, okStatus: 200 },
      { operation: 'token.refresh', direction: 'outbound', peakPerMin: 0.25, latency: { medianMs: 120, sigma: 0.2, timeoutMs: 10_000 }, okStatus: 200, errors: { 500: 0.002, timeout: 0.001 } },
      { operation: 'tracking.webhook', direction: 'inbound', peakPerMin: 0, drivenBy: 'flows', latency: WEBHOOK_LATENCY, okStatus: 200, errors: INBOUND_ERRORS },
    ],
    gauges: [
      { name: 'queue.depth', base: 14, noise: 3, backlogPerMinute: 9 },
      { name: 'dlq.depth', base: 1, noise: 0.6, backlogPerMinute: 1.5 },
    ],
    messages: { queue: 'tracking-events', peakPerMin: 45, failureShare: 0.002 },
  },
  {
    id: 'ups-carrier',
    name: 'UPS',
    type: 'carrier',
    partner: 'UPS',
    description: 'Creates shipping labels and follows tracking; slower, with a heavy tail.',
    envs: PRODUCTION_MOSTLY,
    sites: TWO_SITES,
    releases: { '2026.11.2': 1 },
    nightFloor: 0.12,
    errors: { ...USUAL_ERRORS, 504: 0.002 },
    shipmentShare: 0.4,
    trackingPrefix: '1Z',
    operations: [
      { operation: 'label.create', direction: 'outbound', peakPerMin: 0, drivenBy: 'flows', latency: { medianMs: 780, sigma: 0.7, timeoutMs: 20_000 }, okStatus: 200 },
      { operation: 'tracking.get', direction: 'outbound', peakPerMin: 30, latency: { medianMs: 520, sigma: 0.75, timeoutMs: 20_000 }, okStatus: 200 },
      { operation: 'token.refresh', direction: 'outbound', peakPerMin: 0.25, latency: { medianMs: 400, sigma: 0.5, timeoutMs: 20_000 }, okStatus: 200, errors: { 500: 0.003, timeout: 0.002 } },
      { operation: 'tracking.webhook', direction: 'inbound', peakPerMin: 0, drivenBy: 'flows', latency: WEBHOOK_LATENCY, okStatus: 200, errors: INBOUND_ERRORS },
    ],
  },
  {
    id: 'salesforce-sync',
    name: 'Salesforce contact sync',
    type: 'saas-sync',
    partner: 'Salesforce',
    description: 'Keeps CRM contacts in step with customer accounts.',
    envs: PRODUCTION_MOSTLY,
    sites: { 'fra-2': 1 },
    releases: CANARY_RELEASE,
    nightFloor: 0.2,
    errors: USUAL_ERRORS,
    operations: [
      { operation: 'contacts.sync', direction: 'outbound', peakPerMin: 60, latency: { medianMs: 300, sigma: 0.4, timeoutMs: 30_000 }, okStatus: 200 },
      { operation: 'token.refresh', direction: 'outbound', peakPerMin: 0.5, latency: { medianMs: 260, sigma: 0.3, timeoutMs: 30_000 }, okStatus: 200, errors: { 500: 0.002, timeout: 0.001 } },
    ],
    jobs: [
      {
        job: 'contacts-sync',
        everyMinutes: 10,
        duration: { medianMs: 95_000, sigma: 0.25 },
        // Spread kept to a twentieth of the mean: at 25 (a fifth) healthy runs fell 30 % below the
        // median of the last five every few hours, and the demo's count_drop rule paged on noise.
        counts: { contacts: { mean: 1800, sd: 90 }, updated: { mean: 120, sd: 6 }, errors: { mean: 1, sd: 1 } },
        failureRate: 0.01,
        failureErrors: ['UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record', 'REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded'],
      },
    ],
    gauges: [{ name: 'queue.depth', base: 40, noise: 8, backlogPerMinute: 25 }],
    messages: { queue: 'contacts-in', peakPerMin: 60, failureShare: 0.004 },
  },
  {
    id: 'retailer-feed',
    name: 'Retailer price feed',
    type: 'data-feed',
    partner: 'MegaMart price scrape',
    description: 'Scrapes retailer prices and promotions every 15 minutes.',
    envs: { production: 1 },
    sites: { 'ams-1': 1 },
    releases: { '2026.11.2': 1 },
    nightFloor: 1, // a schedule, not customer traffic
    errors: USUAL_ERRORS,
    operations: [
      { operation: 'catalog.fetch', direction: 'outbound', peakPerMin: 0, drivenBy: 'runs', latency: { medianMs: 1_600, sigma: 0.5, timeoutMs: 60_000 }, okStatus: 200 },
    ],
    jobs: [
      {
        job: 'price-scrape',
        everyMinutes: 15,
        duration: { medianMs: 240_000, sigma: 0.3 },
        counts: { skus: { mean: 5000, sd: 45 }, promos: { mean: 300, sd: 14 } },
        failureRate: 0.015,
        failureErrors: ['parse error: unexpected end of price table', 'upstream returned 503 for /catalog/export'],
        calls: { operation: 'catalog.fetch', min: 3, max: 6 },
      },
    ],
  },
];

export const INTEGRATION_IDS: readonly string[] = CATALOGUE.map((profile) => profile.id);
