import { redactText, REDACTED } from '../ingest/redact.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export class MissingVariableError extends Error {
  constructor(readonly variable: string, empty: boolean) {
    super(`environment variable ${variable} is ${empty ? 'empty' : 'not set'}`);
    this.name = 'MissingVariableError';
  }
}

/**
 * Resolves `${NAME}` references at probe time and remembers every value it substituted, so that
 * anything the probe reports (errors, details) can be scrubbed of them before it is stored.
 */
export class SecretResolver {
  private readonly values = new Set<string>();

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** Throws MissingVariableError for an unset or empty variable. */
  resolve(template: string): string {
    return template.replace(REFERENCE, (_match, name: string) => {
      const value = this.env[name];
      if (value === undefined || value === '') throw new MissingVariableError(name, value === '');
      this.values.add(value);
      return value;
    });
  }

  /** Removes substituted values (and anything credential-shaped) from text meant for storage. */
  scrub(text: string): string {
    let clean = text;
    // Longest first, so a value containing another is masked whole.
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) {
      if (value.length >= 3) clean = clean.split(value).join(REDACTED);
    }
    return redactText(clean);
  }
}

/** The variables a template refers to (for messages and validation). */
export function referencedVariables(template: string): string[] {
  return [...template.matchAll(REFERENCE)].map((match) => match[1]!);
}
