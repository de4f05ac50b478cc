/**
 * Issue 13, notification titles: every channel's title (Slack text and header, e-mail subject,
 * PagerDuty summary, Alertmanager summary, the webhook's title) leads with the integration's
 * catalogue name, and with its id only when the catalogue names none.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildContext } from '../src/alerting/context.js';
import type { Evaluation } from '../src/alerting/evaluate/types.js';
import { emailMessage, pagerDutyEvent, postableAlert, slackMessage, webhookBody } from '../src/alerting/notify/index.js';
import { defaultRules } from '../src/alerting/rules/defaults.js';
import type { NotificationContext, NotificationKind } from '../src/alerting/types.js';
import { Catalogue } from '../src/catalogue/catalogue.js';
import { loadRunbooks, SHIPPED_RUNBOOKS } from '../src/runbooks/library.js';

const NOW = Date.UTC(2026, 11, 4, 17, 0, 0);
const catalogue = new Catalogue('examples/catalogue');
catalogue.load();
const runbooks = loadRunbooks([SHIPPED_RUNBOOKS]);
const evaluation: Evaluation = {
  judged: true, breaching: true, value: 0.12, threshold: 0.02, summary: '5xx share 12 % over 2 % in 5 min', trend: [0.01, 0.12], stepMs: 60_000, windowMs: 300_000, heldMs: null,
};

function contextFor(integration: string, kind: NotificationKind): NotificationContext {
  const entry = catalogue.get(integration);
  const rule = defaultRules(entry ?? catalogue.all()[0]!).find((r) => r.kind === 'error_rate')!;
  return buildContext({
    kind,
    alert: { id: 9, fingerprint: 'fp-9', state: kind === 'resolved' ? 'resolved' : 'firing', labels: { integration }, startedAt: NOW - 600_000, resolvedAt: kind === 'resolved' ? NOW : null },
    rule: { ...rule, integration },
    integration,
    evaluation,
    entry,
    consoleBase: 'https://switchboard.example',
    runbooks,
    samples: [],
  });
}

/** The title line of each channel's payload. */
function titles(context: NotificationContext): Record<string, string> {
  const slack = slackMessage(context, NOW);
  const first = slack.blocks[0]!;
  const header = first.type === 'header' ? first.text.text : '';
  return {
    'slack text': slack.text,
    'slack header': header.replace(/^\S+ (?:CRITICAL|WARNING|INFO|RESOLVED) · /u, ''),
    'email subject': emailMessage(context, NOW).subject,
    'pagerduty summary': pagerDutyEvent(context, NOW).payload.summary,
    'alertmanager summary': postableAlert(context, NOW).annotations.summary!,
    'webhook title': (JSON.parse(webhookBody(context)) as { title: string }).title,
  };
}

/** The text after the "[FIRING critical] " / "[RESOLVED] " tag, if any. */
function lead(title: string): string {
  return title.replace(/^\[[A-Z]+(?: [a-z]+)?\] /, '');
}

describe('notification titles', () => {
  const named = catalogue.all().filter((entry) => entry.title && entry.title !== entry.id);

  it('lead with the catalogue name in every channel, firing and resolved', () => {
    assert.ok(named.length >= 3, 'the example catalogue names its integrations');
    for (const entry of named) {
      for (const kind of ['firing', 'resolved'] as const) {
        for (const [channel, title] of Object.entries(titles(contextFor(entry.id, kind)))) {
          assert.ok(lead(title).startsWith(`${entry.title}: `), `${channel} (${kind}) of ${entry.id} reads "${title}"`);
          assert.ok(!lead(title).startsWith(entry.id), `${channel} does not lead with the id`);
        }
      }
    }
  });

  it('lead with the id of an integration the catalogue does not know', () => {
    for (const [channel, title] of Object.entries(titles(contextFor('uncatalogued-feed', 'firing')))) {
      assert.ok(lead(title).startsWith('uncatalogued-feed: '), `${channel} reads "${title}"`);
    }
  });

  it('keep the id in the body, beside the name', () => {
    const entry = named[0]!;
    const email = emailMessage(contextFor(entry.id, 'firing'), NOW);
    assert.ok(email.text.includes(`Integration: ${entry.title} (${entry.id})`), email.text);
  });
});
