/** The alerting API's answers by the names the console uses, and what the console derives from them. */
import type { components } from './api-types';
import type { Answer } from './types';


type Schemas = components['schemas'];

export type Alert = Schemas['Alert'];
export type AlertState = Alert['state'];
export type Severity = Alert['severity'];
export type NotificationContext = Schemas['NotificationContext'];
export type AlertsAnswer = Answer<'/api/v1/alerts'>;
export type Delivery = Schemas['Delivery'];
export type AlertDetailAnswer = Answer<'/api/v1/alerts/{id}'>;
export type Episode = Schemas['AlertEpisode'];
export type HistoryAnswer = Answer<'/api/v1/alerts/history'>;
export type Silence = Schemas['Silence'];
export type Matcher = Silence['matchers'][number];
export type SilencesAnswer = Answer<'/api/v1/silences'>;

/** Firing and pending alerts per integration, for badges. */
export function activeByIntegration(alerts: Alert[]): Map<string, { firing: number; pending: number }> {
  const counts = new Map<string, { firing: number; pending: number }>();
  for (const alert of alerts) {
    if (alert.state !== 'firing' && alert.state !== 'pending') continue;
    const entry = counts.get(alert.integration) ?? { firing: 0, pending: 0 };
    entry[alert.state] += 1;
    counts.set(alert.integration, entry);
  }
  return counts;
}

/** "integration=dhl-carrier, severity=~critical|warning" as the matchers' one-line form. */
export function matchersText(matchers: Matcher[]): string {
  return matchers.map((m) => `${m.label}${m.regex ? '=~' : '='}${m.value}`).join(', ');
}

/** Parses the one-line form back; throws with the part that is wrong. */
export function parseMatchers(text: string): Matcher[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*(=~|=)\s*(.*)$/.exec(part);
      if (!match) throw new Error(`"${part}" is not label=value or label=~regex`);
      return { label: match[1]!, value: match[3]!.trim(), ...(match[2] === '=~' ? { regex: true } : {}) };
    });
}
