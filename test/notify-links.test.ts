/**
 * Issue 13, notification links: every link in every channel's payload is absolute, on the public
 * URL when it is set and on the server's own address (with a start-up warning) when it is not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildContext } from '../src/alerting/context.js';
import type { Evaluation } from '../src/alerting/evaluate/types.js';
import { emailMessage, pagerDutyEvent, postableAlert, slackMessage, webhookBody } from '../src/alerting/notify/index.js';
import { defaultRules } from '../src/alerting/rules/defaults.js';
import type { AlertRule } from '../src/alerting/rules/types.js';
import type { NotificationContext, NotificationKind } from '../src/alerting/types.js';
import { Catalogue } from '../src/catalogue/catalogue.js';
import { loadConfig } from '../src/config.js';
import { loadRunbooks, SHIPPED_RUNBOOKS } from '../src/runbooks/library.js';
import { consoleBase, unsetPublicUrlWarning } from '../src/common/public-url.js';

const NOW = Date.UTC(2026, 11, 4, 17, 0, 0);
const catalogue = new Catalogue('examples/catalogue');
catalogue.load();
const runbooks = loadRunbooks([SHIPPED_RUNBOOKS]);

const evaluation: Evaluation = {
  judged: true, breaching: true, value: 0.12, threshold: 0.02, summary: '5xx share 12 % over 2 % in 5 min', trend: [0.01, 0.05, 0.12], stepMs: 60_000, windowMs: 300_000, heldMs: null,
};

function contextFor(rule: AlertRule, integration: string, kind: NotificationKind, base: string): NotificationContext {
  return buildContext({
    kind,
    alert: { id: 42, fingerprint: `fp-${rule.name}`, state: kind === 'resolved' ? 'resolved' : 'firing', labels: { integration }, startedAt: NOW - 600_000, resolvedAt: kind === 'resolved' ? NOW : null },
    rule,
    integration,
    evaluation,
    entry: catalogue.get(integration),
    consoleBase: base,
    runbooks,
    samples: [],
  });
}

/** Every payload a channel would send for this context, as text. */
function payloads(context: NotificationContext): Record<string, string> {
  const email = emailMessage(context, NOW);
  return {
    slack: JSON.stringify(slackMessage(context, NOW)),
    email: `${email.text}\n${email.html}`,
    pagerduty: JSON.stringify(pagerDutyEvent(context, NOW)),
    alertmanager: JSON.stringify(postableAlert(context, NOW)),
    webhook: webhookBody(context),
  };
}

/** The console's pages a notification may point at; each must follow the base, never stand alone. */
const CONSOLE_PATH = /\/(?:integrations|alerts|runbooks|flow|trace)(?=[/?"'\s)<\\]|$)/g;

function relativeLinks(text: string, base: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(CONSOLE_PATH)) {
    const before = text.slice(0, match.index);
    if (!before.endsWith(base) && !before.endsWith(base.replaceAll('/', '\\/'))) found.push(text.slice(Math.max(0, match.index - 30), match.index + 40));
  }
  return found;
}

describe('links in notifications', () => {
  const rules = catalogue.all().flatMap((entry) => defaultRules(entry).map((rule) => ({ rule, integration: entry.id })));
  const flowRule: AlertRule = { ...rules[0]!.rule, name: 'label-success', kind: 'label_success_rate', integration: '*' } as AlertRule;

  for (const [label, env] of [['with SWITCHBOARD_PUBLIC_URL', { SWITCHBOARD_PUBLIC_URL: 'https://switchboard.example/ops/' }], ['without it', {}]] as const) {
    it(`are absolute in every channel's payload, ${label}`, () => {
      const base = consoleBase(loadConfig({ port: 7300 }, env));
      assert.match(base.url, /^https?:\/\/[^/]+(\/ops)?$/);
      assert.ok(rules.length > 10, 'the example catalogue gives rules of several kinds');
      let links = 0;
      for (const { rule, integration } of [...rules, { rule: flowRule, integration: 'dhl-carrier' }]) {
        for (const kind of ['firing', 'resolved'] as const) {
          const context = contextFor(rule, integration, kind, base.url);
          for (const [channel, text] of Object.entries(payloads(context))) {
            assert.deepEqual(relativeLinks(text, base.url), [], `${channel}, rule ${rule.name}, ${kind}`);
            links += text.split(base.url).length - 1;
          }
        }
      }
      assert.ok(links > rules.length * 10, `links were found (${links})`);
    });
  }

  it('are based on the public URL when set; without it the server warns at start-up and uses its own address', () => {
    assert.deepEqual(consoleBase(loadConfig({}, { SWITCHBOARD_PUBLIC_URL: 'https://switchboard.example/' })), { url: 'https://switchboard.example', configured: true });
    const guessed = consoleBase(loadConfig({ host: '127.0.0.1', port: 7300 }, {}));
    assert.deepEqual(guessed, { url: 'http://localhost:7300', configured: false });
    assert.match(unsetPublicUrlWarning(guessed), /SWITCHBOARD_PUBLIC_URL is not set: links in notifications point at http:\/\/localhost:7300/);
    assert.throws(() => loadConfig({}, { SWITCHBOARD_PUBLIC_URL: 'switchboard.example' }), /SWITCHBOARD_PUBLIC_URL=switchboard.example is not a URL/);
    assert.throws(() => loadConfig({}, { SWITCHBOARD_PUBLIC_URL: 'ftp://switchboard.example' }), /not an http\(s\) URL/);
  });

  it('carry first triage steps whose console link is absolute and named by the integration', () => {
    const { rule } = rules.find((r) => r.integration === 'dhl-carrier' && r.rule.kind === 'error_rate')!;
    const context = contextFor(rule, 'dhl-carrier', 'firing', 'https://switchboard.example');
    assert.ok(context.firstSteps.some((step) => step.includes('DHL Parcel API (https://switchboard.example/integrations/dhl-carrier)')), context.firstSteps.join('\n'));
  });
});
