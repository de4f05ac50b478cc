/**
 * Issue 13's last console points, in headless Chromium against a real server fed through the
 * ingest API: a board tile says every reason behind its status; lines that lie on each other stay
 * told apart (colour, marker shape at distinct points, legend values); the alert page's trend is
 * drawn over time in the console's zone, which the header's toggle switches. Screenshots go to
 * test-artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { LINE_COLOURS, markerIndexes } from '../console/src/components/line-cues.js';
import { ARTIFACTS, ROOT, buildConsoleIfMissing, eventually, launchChromium, watchPage } from './support/browser.js';
import { ENGINES } from './support/engines.js';
import { ingestAll, startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;

/** WCAG's contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('line cues', () => {
  it('give every line a colour that stands out on the white chart and from the other lines', () => {
    for (const colour of LINE_COLOURS) assert.ok(contrast(colour, '#ffffff') >= 3, `${colour} has ${contrast(colour, '#ffffff').toFixed(2)}:1 on white`);
    for (const [i, a] of LINE_COLOURS.entries()) {
      for (const b of LINE_COLOURS.slice(i + 1)) {
        const distance = Math.hypot(...[1, 3, 5].map((k) => parseInt(a.slice(k, k + 2), 16) - parseInt(b.slice(k, k + 2), 16)));
        assert.ok(distance > 60, `${a} and ${b} are too alike`);
      }
    }
  });

  it('put the markers of different lines on different points, about a dozen per line', () => {
    for (const points of [5, 12, 60, 200]) {
      for (let lines = 1; lines <= 4; lines++) {
        const all = Array.from({ length: lines }, (_, line) => markerIndexes(points, line, lines));
        const flat = all.flat();
        assert.equal(new Set(flat).size, flat.length, `${lines} lines over ${points} points share no marker point`);
        for (const indexes of all) {
          assert.ok(indexes.every((i) => i >= 0 && i < points));
          if (points >= 2 * lines) assert.ok(indexes.length >= Math.min(12, Math.floor(points / lines)) - 1 && indexes.length <= 13, `${indexes.length} markers over ${points} points`);
        }
      }
    }
  });
});

describe('console: reasons, line cues and the alert trend in headless Chromium (sqlite)', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let dir: string;
  const problems: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `reads-clearly-${name}.png`), fullPage: true });

  before(async () => {
    buildConsoleIfMissing();
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'switchboard-reads-clearly-'));
    const file = join(dir, 'alerting.yaml');
    writeFileSync(file, 'rules: []\n');
    // The browser reads the real clock, so the data lives around real now.
    const now = Date.now();
    server = await startTestServer(ENGINES[0]!, { now, catalogue: join(ROOT, 'examples', 'catalogue'), alerting: file });
    const start = Math.floor(now / MINUTE) * MINUTE - 30 * MINUTE;
    const records: unknown[] = [];
    // Thirty minutes in which a fifth of DHL's label calls fail: below its 98 % SLO, and its error-rate alert fires.
    for (let m = 0; m < 30; m++) {
      for (let i = 0; i < 50; i++) {
        records.push({ kind: 'call', ts: start + m * MINUTE + i * 1_000, integration: 'dhl-carrier', direction: 'outbound', operation: 'label.create', status: i % 5 === 0 ? 503 : 201, latency_ms: 150 });
      }
      // Both carriers create the same labels minute by minute: their label-success lines lie on each other.
      for (const integration of ['dhl-carrier', 'ups-carrier']) {
        for (let i = 0; i < 4; i++) records.push({ kind: 'event', name: i === 3 ? 'label.failed' : 'label.created', ts: start + m * MINUTE + i * 7_000, integration });
      }
    }
    await ingestAll(server, records);
    await server.app.alerting.evaluate();

    browser = await launchChromium();
    // A zone other than UTC, so that the zone toggle changes what the axes say.
    const context = await browser.newContext({ extraHTTPHeaders: server.auth, viewport: { width: 1280, height: 900 }, timezoneId: 'America/New_York' });
    page = watchPage(await context.newPage(), problems);
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows every reason behind a tile’s status: the first in full, the next in words, the rest counted, all in the title', async () => {
    const answer = (await server.get('/api/v1/integrations')).body as { integrations: Array<{ id: string; status: string; status_reason: string; status_reasons: string[] }> };
    const dhl = answer.integrations.find((tile) => tile.id === 'dhl-carrier')!;
    assert.ok(dhl.status_reasons.length >= 3, `several reasons: ${JSON.stringify(dhl.status_reasons)}`);
    assert.equal(dhl.status_reason, dhl.status_reasons[0]);
    assert.ok(dhl.status_reasons.some((reason) => /below the 98 % target/.test(reason)), 'the SLO breach is among them');
    assert.ok(dhl.status_reasons.some((reason) => /tracking\.updated/.test(reason)), 'and the missing tracking feed');

    await page.goto(`${server.url}/`);
    const tile = page.getByTestId('tile-dhl-carrier');
    await tile.waitFor();
    assert.equal((await tile.getByTestId('tile-reason').innerText()).replace(/^▲\s*\d+ firing\s*/, '').trim(), dhl.status_reasons[0]);
    const more = tile.getByTestId('tile-more-reasons');
    assert.equal(await more.getAttribute('data-count'), String(dhl.status_reasons.length - 1));
    assert.equal(await more.getAttribute('title'), dhl.status_reasons.slice(1).join('\n'));
    const text = (await more.innerText()).trim();
    assert.ok(text.startsWith(`also ${dhl.status_reasons[1]}`), text);
    if (dhl.status_reasons.length > 2) assert.match(text, new RegExp(`\\+${dhl.status_reasons.length - 2} more$`));

    // UPS sent no calls, so its figures are empty; the one reason (no tracking) says why it is degraded, and no second line is drawn.
    const ups = answer.integrations.find((t) => t.id === 'ups-carrier')!;
    const upsTile = page.getByTestId('tile-ups-carrier');
    assert.equal(await upsTile.getAttribute('data-status'), ups.status);
    assert.match((await upsTile.getByTestId('tile-reason').innerText()).trim(), /tracking\.updated/);
    assert.equal(await upsTile.getByTestId('tile-more-reasons').count(), ups.status_reasons.length - 1);
    await shot('board');
    assert.deepEqual(problems, []);
  });

  it('tells two carriers’ label-success lines apart where they lie on each other', async () => {
    await page.goto(`${server.url}/flow`);
    const chart = page.getByTestId('chart-flow-labels');
    await chart.locator('canvas').first().waitFor();
    const plot = chart.locator('.uplot');
    const markers = await eventually('the markers to be drawn', async () => (await plot.getAttribute('data-markers')) ?? undefined);
    const drawn = markers.split('|').map((entry) => entry.split(':'));
    assert.deepEqual(drawn.map(([shape]) => shape), ['circle', 'square'], 'a marker shape per carrier');
    assert.ok(drawn.every(([, count]) => Number(count) >= 5), markers);
    // The legend gives each line its shape and colour, and its newest value while the cursor is away.
    const legend = await chart.locator('.u-legend .u-series').evaluateAll((rows) =>
      rows.slice(1).map((row) => ({
        label: row.querySelector('.u-label')?.textContent,
        shape: (row.querySelector('.u-marker') as HTMLElement | null)?.dataset.shape,
        value: row.querySelector('.u-value')?.textContent,
      })),
    );
    assert.deepEqual(legend.map((entry) => entry.shape), ['circle', 'square']);
    assert.deepEqual(legend.map((entry) => entry.label), ['DHL Parcel API', 'UPS Shipping API']);
    for (const entry of legend) assert.match(entry.value ?? '', /^\d+(\.\d)? %$/, `${entry.label} shows a value at rest`);
    await chart.screenshot({ path: join(ARTIFACTS, 'reads-clearly-overlapping-lines.png') });
    assert.deepEqual(problems, []);
  });

  it('draws the alert’s trend over time in the console’s zone, and in UTC after the toggle', async () => {
    const alerts = (await server.get('/api/v1/alerts')).body as { alerts: Array<{ id: number; rule: string; context: { trend: { times: number[]; values: unknown[] } } }> };
    const alert = alerts.alerts.find((a) => a.rule === 'dhl-carrier:error_rate')!;
    assert.ok(alert, 'the error-rate alert fires');
    const times = alert.context.trend.times;
    assert.equal(times.length, alert.context.trend.values.length, 'a time for every value');
    assert.ok(times.every((t, i) => i === 0 || t - times[i - 1]! === MINUTE), 'one per minute');

    const axisLabels = async () => {
      await page.goto(`${server.url}/alerts/${alert.id}`);
      const trend = page.getByTestId('alert-trend');
      await trend.locator('canvas').waitFor();
      assert.equal(await trend.getAttribute('data-x'), 'time');
      return (await eventually('the x labels', async () => (await trend.locator('.uplot').getAttribute('data-x-labels')) ?? undefined)).split('|');
    };
    const zoned = (ms: number, timeZone: string) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(ms);
    const minutesOf = (label: string) => {
      const [h, m] = label.split(':').map(Number);
      return h! * 60 + m!;
    };
    const local = await axisLabels();
    assert.ok(local.length >= 3 && local.every((label) => /^\d\d:\d\d$/.test(label)), JSON.stringify(local));
    assert.equal(new Set(local).size, local.length, `no label twice: ${local.join(' ')}`);
    // At rest the legend gives the newest value and its time, not dashes.
    const legend = await page.getByTestId('alert-trend').locator('.u-legend .u-series .u-value').allInnerTexts();
    const values = alert.context.trend.values;
    const newest = times[values.findLastIndex((v) => v !== null)]!;
    assert.match(legend[0] ?? '', new RegExp(`^[A-Z][a-z]{2} \\d{1,2}, ${zoned(newest, 'America/New_York')}:00$`), `the newest value's time: ${JSON.stringify(legend)}`);
    assert.deepEqual(legend.slice(1), ['20.0 %', '2.0 %']);
    assert.equal((await page.getByTestId('zone-toggle').innerText()).trim(), 'EST');
    // Every label is a time within the trend's span, as New York reads it.
    const span = (zone: string) => [minutesOf(zoned(times[0]!, zone)), minutesOf(zoned(times.at(-1)!, zone))];
    const [nyFrom, nyTo] = span('America/New_York');
    // Counted around the clock from a minute before the span's start, so a span across midnight
    // (23:52–00:03) holds its labels too.
    const fromSpanStart = (minutes: number) => (minutes - (nyFrom! - 1) + 2 * 1440) % 1440;
    const spanMinutes = fromSpanStart(nyTo!) + 1;
    for (const label of local) assert.ok(fromSpanStart(minutesOf(label)) <= spanMinutes, `${label} within ${zoned(times[0]!, 'America/New_York')}–${zoned(times.at(-1)!, 'America/New_York')}`);
    await shot('alert-trend-local');

    await page.getByTestId('zone-toggle').click();
    await page.waitForLoadState('load');
    const utc = await axisLabels();
    assert.equal((await page.getByTestId('zone-toggle').innerText()).trim(), 'UTC');
    const offset = (minutesOf(zoned(times[0]!, 'UTC')) - minutesOf(zoned(times[0]!, 'America/New_York')) + 1440) % 1440;
    assert.deepEqual(utc, local.map((label) => { const m = (minutesOf(label) + offset) % 1440; return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`; }), 'the same instants, in UTC');
    await shot('alert-trend-utc');
    assert.deepEqual(problems, []);
  });
});
