import { durationMs } from '../catalogue/duration.js';
import { literalSecretHeaders, literalSecretMessage } from '../catalogue/secret-headers.js';
import { REDACTED, redactText } from '../ingest/redact.js';
import { fileAjv, type YamlDocument } from '../yaml/documents.js';
import { SchemaValidators } from '../common/schema-validators.js';
import { RECOVERY_ACTION_SCHEMAS } from './schema.js';
import type { AutomaticRecovery, MessagePattern, RecoveryAction, RecoveryProblem } from './types.js';

const DEFAULT_TIMEOUT = '10s';
const DEFAULT_AUTOMATIC = { maxAttempts: 3, backoff: '30s', cooldown: '15m' };

const validateAction = new SchemaValidators(fileAjv, RECOVERY_ACTION_SCHEMAS);

type Raw = Record<string, unknown>;

/** Whether text holds a credential other than an ${ENV} reference (which is replaced by a masked stand-in first). */
function holdsLiteralSecret(text: string): boolean {
  const referencesMasked = text.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*\}/g, REDACTED);
  return redactText(referencesMasked) !== referencesMasked;
}

function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'i');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Judges `spec.recovery` and `spec.messages` of one record beyond their schemas: each action by
 * its type's schema, no literal secret in a header, a link that a browser may show, unique names,
 * and messages whose pattern compiles and whose action exists. Every problem at its own line.
 */
export function checkRecovery(document: YamlDocument, spec: { recovery?: unknown; messages?: unknown } | undefined): void {
  const { report } = document;
  const actions = Array.isArray(spec?.recovery) ? (spec.recovery as Raw[]) : [];
  const names = new Set<string>();
  actions.forEach((action, index) => {
    const at = ['spec', 'recovery', index];
    if (action?.type === 'link' && action.automatic !== undefined) {
      report([...at, 'automatic'], `spec.recovery.${index} is a link action: a person opens it, so it cannot run automatically (make it an http action)`);
      return;
    }
    if (!validateAction.has(action?.type) || !document.validate(validateAction.get(action.type), action, at)) return;
    for (const header of literalSecretHeaders(action.headers)) report([...at, 'headers', header], literalSecretMessage(header));
    for (const field of ['url', 'body'] as const) {
      if (action.type === 'http' && typeof action[field] === 'string' && holdsLiteralSecret(action[field])) {
        report([...at, field], `spec.recovery.${index}.${field} holds a literal secret: put it in an environment variable and write \${NAME}`);
      }
    }
    const url = action.url as string;
    if (action.type === 'link' && url.includes('${')) {
      report([...at, 'url'], `spec.recovery.${index}.url: a link is shown to people, so it cannot hold an \${ENV} reference; put no secret in it`);
    } else if (action.type === 'link' && redactText(url) !== url) {
      report([...at, 'url'], `spec.recovery.${index}.url holds a credential; a link is shown to people, so leave it out (the partner's page asks for it)`);
    }
    const name = action.name as string;
    if (names.has(name)) report([...at, 'name'], `recovery action name "${name}" is used twice`);
    names.add(name);
  });
  const messages = Array.isArray(spec?.messages) ? (spec.messages as Raw[]) : [];
  messages.forEach((message, index) => {
    const at = ['spec', 'messages', index];
    if (message === null || typeof message !== 'object') return;
    if (message.match === undefined && message.status === undefined && message.outcome === undefined) {
      report(at, `spec.messages.${index} needs at least one of "match", "status" or "outcome" to say which errors it explains`);
    }
    if (typeof message.match === 'string') {
      const problem = regexProblem(message.match);
      if (problem) report([...at, 'match'], `spec.messages.${index}.match is not a valid regular expression: ${problem}`);
    }
    if (typeof message.action === 'string' && !actions.some((action) => action?.name === message.action)) {
      report([...at, 'action'], `spec.messages.${index}.action "${message.action}" is not one of this integration's recovery actions`);
    }
  });
}

function automaticOf(raw: Raw | undefined): AutomaticRecovery | undefined {
  if (!raw) return undefined;
  const merged = { ...DEFAULT_AUTOMATIC, ...raw } as { maxAttempts: number; backoff: string; cooldown: string };
  return { maxAttempts: merged.maxAttempts, backoffMs: durationMs(merged.backoff), cooldownMs: durationMs(merged.cooldown) };
}

/** The checked `spec.recovery` as the rest of Switchboard uses it (durations in ms, defaults filled in). */
export function toRecoveryActions(integration: string, raws: Raw[]): RecoveryAction[] {
  return raws.map((raw) => {
    const common = {
      name: raw.name as string,
      integration,
      title: (raw.title as string | undefined) ?? (raw.name as string),
      fixes: (raw.fixes as RecoveryProblem[] | undefined) ?? [],
    };
    if (raw.type === 'link') return { ...common, type: 'link', url: raw.url as string };
    const automatic = automaticOf(raw.automatic as Raw | undefined);
    return {
      ...common,
      type: 'http',
      method: (raw.method as string | undefined) ?? 'POST',
      url: raw.url as string,
      headers: (raw.headers as Record<string, string> | undefined) ?? {},
      timeoutMs: durationMs((raw.timeout as string | undefined) ?? DEFAULT_TIMEOUT),
      ...(raw.body === undefined ? {} : { body: raw.body as string }),
      ...(raw.expectStatus === undefined ? {} : { expectStatus: raw.expectStatus as number[] }),
      ...(automatic ? { automatic } : {}),
    };
  });
}

export function toMessagePatterns(raws: MessagePattern[]): MessagePattern[] {
  return raws.map((raw) => ({ ...raw }));
}
