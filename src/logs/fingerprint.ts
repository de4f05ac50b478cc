import { createHash } from 'node:crypto';
import { BoundedMemo } from '../common/bounded-memo.js';

/**
 * Error types: a message with what varies between occurrences of one error (ids, numbers, quoted
 * values, hex, UUIDs, e-mail addresses) replaced by placeholders is its *pattern*; lines of one
 * integration with the same pattern are one error group. "Order 81723 not found" and "Order 90112
 * not found" are one type, "Invalid session token" another.
 */
const RULES: ReadonlyArray<[RegExp, string]> = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/"(?:[^"\\]|\\.){0,500}"|'(?:[^'\\]|\\.){0,500}'|`[^`]{0,500}`/g, '<str>'],
  [/\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+\b/g, '<email>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // Hex of 8 or more digits with at least one digit and one letter a–f (hashes, object ids).
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
  // A plain number (with sign, decimals, a unit suffix such as 30s or 250ms).
  [/(?<![\w-])[-+]?\d+(?:\.\d+)?(?:ms|s|m|h|kb|mb|gb|%)?(?![\w-])/gi, '<n>'],
  // Any other word holding a digit: an id such as ORD-12345, task_456, a1b2c3.
  [/[\w-]*\d[\w-]*/g, '<id>'],
];

/** Patterns longer than this are cut: a stack trace's first line names the error. */
export const MAX_PATTERN_CHARS = 300;

export function patternOf(message: string): string {
  let pattern = message.split('\n', 1)[0]!;
  for (const [rule, placeholder] of RULES) pattern = pattern.replace(rule, placeholder);
  pattern = pattern.replace(/\s+/g, ' ').trim();
  return pattern.length > MAX_PATTERN_CHARS ? `${pattern.slice(0, MAX_PATTERN_CHARS)}…` : pattern;
}

/** Fingerprints of recent patterns: an integration's lines fall into a few error types, so most find theirs here instead of hashing it again. */
const fingerprints = new BoundedMemo<string, string>();

/** A short stable id of a pattern (16 hex digits of its SHA-256). */
export function fingerprintOf(pattern: string): string {
  return fingerprints.get(pattern) ?? fingerprints.remember(pattern, createHash('sha256').update(pattern).digest('hex').slice(0, 16));
}

/** The levels whose lines are grouped into error types. */
export const GROUPED_LEVELS: ReadonlySet<string> = new Set(['warn', 'error', 'fatal']);
