/**
 * Secrets must never reach storage. Values under secret-looking keys are replaced whole; in any
 * text, credentials are masked where they stand: bearer and basic credentials, URL userinfo,
 * values of secret-named parameters (`api_key=…`, `"password": "…"`, `?sig=…`), JWTs, private key
 * blocks and the token shapes of the usual providers (AWS, Stripe, GitHub, GitLab, Slack, Google,
 * Shopify, SendGrid, npm, Switchboard's own keys).
 *
 * This runs on every string of every record on the ingest path, so it is built for speed: one
 * cheap test decides whether a text can hold a secret at all (most cannot: "label.create",
 * "production", a hex id), and every pattern runs in linear time, whatever a hostile client sends.
 */
import { BoundedMemo } from '../common/bounded-memo.js';

export const REDACTED = '[REDACTED]';

/** Attribute (and header) names whose values are secrets, whatever the values look like. */
const SECRET_KEY =
  /authorization|token|secret|passw(?:or)?d|passphrase|pwd|api[-_]?key|access[-_]?key|private[-_]?key|signing[-_]?key|account[-_]?key|cookie|credential|signature|session[-_]?(?:id|key)|^(?:key|sig|auth|jwt|otp)$/i;

/** Parameter names that mean a secret only in a URL query (`?code=…`), not as words in prose ("code: 500"). */
const QUERY_SECRET_NAMES = new Set(['key', 'sig', 'code', 'auth', 'pass', 'pw', 'jwt', 'otp']);

/**
 * Whether a text may hold anything the patterns below mask: a separator of a name and a value, an
 * auth scheme, or the fixed start of a known token shape. False for almost every ordinary value.
 */
const MAY_HOLD_SECRET =
  /[=:]|eyJ|[Bb]earer|BEARER|[Bb]asic|BASIC|A(?:KI|SI|BI|CC|GP|ID|IP|NP|NV|RO|PK)A|_(?:live|test)_|whsec_|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|AIza|shp(?:at|ss|ca|pa)_|SG\.|npm_|sb[kt]_|-----BEGIN/;

const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;
/** `Bearer <token>` / `Basic <base64>`; the credential check below keeps "basic information" as it is. */
const AUTH_SCHEME = /\b(bearer|basic)(\s+)([A-Za-z0-9\-._~+/]{8,}=*)/gi;
/** `scheme://user:password@host` or `scheme://token@host`: the whole userinfo goes. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{0,30}:\/\/)[^\s/?#@]{1,512}@/gi;
/** Token shapes, each where it starts a word: own prefixes keep these free of false positives. */
const TOKEN_SHAPES = new RegExp(
  [
    'eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}(?:\\.[A-Za-z0-9_-]*)?', // JWT, JWS (header.payload[.signature])
    '(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[A-Z0-9]{16}(?![A-Za-z0-9])', // AWS key ids
    '(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{8,}', // Stripe
    'whsec_[A-Za-z0-9+/=]{16,}', // Stripe webhook signing secrets
    'gh[pousr]_[A-Za-z0-9]{20,}', // GitHub
    'github_pat_[A-Za-z0-9_]{20,}',
    'glpat-[A-Za-z0-9_-]{20,}', // GitLab
    'xox[abposr]-[A-Za-z0-9-]{8,}', // Slack
    'AIza[0-9A-Za-z_-]{30,}', // Google API keys
    'shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}', // Shopify
    'SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}', // SendGrid
    'npm_[A-Za-z0-9]{36}',
    'sb[kt]_[A-Za-z0-9_-]{16,}', // Switchboard ingest keys and API tokens
  ]
    .map((shape) => `(?<![A-Za-z0-9])${shape}`)
    .join('|'),
  'g',
);
/**
 * A name followed by `=` or `:` (quotes and a little space allowed around it, as in JSON or a
 * header). Names start where a name cannot continue, so a long run of name characters is walked
 * once, not once per position.
 */
const NAME_AND_SEPARATOR = /(?<![\w.-])([\w.-]{1,100})(["']?[ \t]{0,4}[:=][ \t]{0,4}["']?)/g;
/** A value after its separator: up to the next space, quote or parameter delimiter. */
const VALUE_END = /[\s"'&,;<>]/;

/** What a bearer or basic credential looks like, unlike the words after "basic" in prose. */
function looksLikeCredential(token: string): boolean {
  return token.length >= 20 || /[0-9._~+/=-]/.test(token) || /[a-z][A-Z]|[A-Z]{2}[a-z]/.test(token);
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * Names recur from record to record: integration ids, tenants, services, operations, attribute
 * and metadata keys. A batch carries a few dozen of them a thousand times over, so each is judged
 * once and remembered. Only a name found free of secrets is remembered (no secret is kept in
 * memory this way); longer texts are not names and are judged each time.
 */
const NAME_CHARS = 200;
const plainNames = new BoundedMemo<string, true>();

/** redactText of a text that recurs (a name); free text (messages, errors) goes to redactText. */
export function redactName(text: string): string {
  if (plainNames.get(text)) return text;
  const clean = redactText(text);
  if (clean === text && text.length <= NAME_CHARS) plainNames.remember(text, true);
  return clean;
}

/** A key of attributes or metadata: as it is stored, and whether its value is a secret. */
export interface KeyVerdict {
  name: string;
  secret: boolean;
}
const plainKeys = new BoundedMemo<string, KeyVerdict>();

/** The verdict on a key (isSecretKey, and the key redacted), remembered for keys free of secrets. */
export function judgeKey(key: string): KeyVerdict {
  const known = plainKeys.get(key);
  if (known) return known;
  const verdict = { name: redactText(key), secret: isSecretKey(key) };
  return verdict.name === key && key.length <= NAME_CHARS ? plainKeys.remember(key, verdict) : verdict;
}

/** Whether a parameter of this name at `at` of `text` holds a secret. */
function isSecretParameter(text: string, name: string, at: number, separator: string): boolean {
  if (SECRET_KEY.test(name)) return true;
  const before = text.charCodeAt(at - 1);
  // ?code=… &sig=… ;key=…
  return (before === 63 || before === 38 || before === 59) && separator === '=' && QUERY_SECRET_NAMES.has(name.toLowerCase());
}

function redactParameters(text: string): string {
  let out = '';
  let copied = 0;
  NAME_AND_SEPARATOR.lastIndex = 0;
  for (let match = NAME_AND_SEPARATOR.exec(text); match !== null; match = NAME_AND_SEPARATOR.exec(text)) {
    const [whole, name, separator] = match as unknown as [string, string, string];
    const valueStart = match.index + whole.length;
    if (!isSecretParameter(text, name, match.index, separator.trim())) {
      // Go on right after the separator: the value itself may hold a secret parameter (a URL).
      NAME_AND_SEPARATOR.lastIndex = valueStart;
      continue;
    }
    const rest = text.slice(valueStart);
    // Already masked, or masked by scheme ("Authorization: Bearer [REDACTED]").
    if (rest.startsWith(REDACTED) || /^(?:bearer|basic)\s/i.test(rest)) {
      NAME_AND_SEPARATOR.lastIndex = valueStart;
      continue;
    }
    const length = rest.search(VALUE_END);
    const valueEnd = valueStart + (length < 0 ? rest.length : length);
    if (valueEnd === valueStart) {
      NAME_AND_SEPARATOR.lastIndex = valueStart;
      continue;
    }
    out += text.slice(copied, valueStart) + REDACTED;
    copied = valueEnd;
    NAME_AND_SEPARATOR.lastIndex = valueEnd;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

export function redactText(text: string): string {
  if (!MAY_HOLD_SECRET.test(text)) return text;
  let clean = text;
  if (clean.includes('-----BEGIN')) clean = clean.replace(PRIVATE_KEY_BLOCK, REDACTED);
  clean = clean.replace(AUTH_SCHEME, (match, scheme: string, space: string, token: string) => (looksLikeCredential(token) ? `${scheme}${space}${REDACTED}` : match));
  if (clean.includes('://')) clean = clean.replace(URL_USERINFO, `$1${REDACTED}@`);
  clean = clean.replace(TOKEN_SHAPES, REDACTED);
  if (clean.includes('=') || clean.includes(':')) clean = redactParameters(clean);
  return clean;
}

/**
 * Attributes with every secret masked: the value of a secret-named key whole (whatever its type),
 * secrets inside other string values and inside keys where they stand.
 */
export function redactAttrs(attrs: Record<string, string | number | boolean>): Record<string, string | number | boolean> {
  const clean: Record<string, string | number | boolean> = {};
  for (const key of Object.keys(attrs)) {
    const value = attrs[key]!;
    const { name, secret } = judgeKey(key);
    const masked = secret ? REDACTED : typeof value === 'string' ? redactText(value) : value;
    // A key such as "__proto__" stays an ordinary key instead of setting the prototype.
    if (name === '__proto__') Object.defineProperty(clean, name, { value: masked, enumerable: true, writable: true, configurable: true });
    else clean[name] = masked;
  }
  return clean;
}

/**
 * An operation name as a series: a query string is cut, so `GET /labels?api_key=…` is counted as
 * `GET /labels`, and whatever else is left is redacted.
 */
export function operationName(operation: string): string {
  const cut = operation.indexOf('?');
  return redactName(cut < 0 ? operation : operation.slice(0, cut).trimEnd());
}
