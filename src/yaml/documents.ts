import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, parseAllDocuments, isNode, type Document } from 'yaml';

/** A problem in a file declared as code, where a user can find it. */
export interface FileProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export type Path = Array<string | number>;

/** Validators for as-code files: every error, with the schema's `must …` descriptions as messages. */
export const fileAjv = new Ajv({ allErrors: true, strict: false, verbose: true });

/** Finds the line and column of a value in the YAML document, or of its nearest parent. */
function locate(document: Document, lines: LineCounter, path: Path): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const { line, col } = lines.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return { line: 1, column: 1 };
}

function pathOf(error: ErrorObject): Path {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part.replace(/~1/g, '/').replace(/~0/g, '~')));
}

function describe(error: ErrorObject, path: Path): string {
  const field = path.join('.') || 'the document';
  switch (error.keyword) {
    case 'required':
      return `${field} is missing "${String(error.params.missingProperty)}"`;
    case 'additionalProperties':
      return `${field} has an unknown field "${String(error.params.additionalProperty)}"`;
    case 'enum':
      return `${field} must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${field} must be ${JSON.stringify(error.params.allowedValue)}`;
    case 'pattern': {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      return `${field} ${description?.startsWith('must') ? description : `must match ${String(error.params.pattern)}`}`;
    }
    default:
      return `${field} ${error.message ?? 'is invalid'}`;
  }
}

/** One YAML document of a file, with a way to report problems at a path inside it. */
export interface YamlDocument {
  value: unknown;
  /** The line the document starts on. */
  line: number;
  report: (path: Path, message: string) => void;
  /** Runs a schema over `value` at `at` and reports each error at its own line; true when valid. */
  validate: (validator: ValidateFunction, value: unknown, at?: Path) => boolean;
  /** Problems reported so far in this document. */
  problemCount: () => number;
}

/**
 * Parses a file of one or more YAML documents (separated by `---`). Syntax errors are reported
 * with their line; each readable document is handed over with a reporter, so the caller can
 * validate it and say exactly where each problem is.
 */
export function yamlDocuments(text: string, file: string): { documents: YamlDocument[]; problems: FileProblem[] } {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const problems: FileProblem[] = [];
  const documents: YamlDocument[] = [];
  if (!Array.isArray(parsed)) {
    problems.push({ file, line: 1, column: 1, message: 'the file is not YAML documents' });
    return { documents, problems };
  }
  for (const document of parsed) {
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const { line, col } = lines.linePos(error.pos[0]);
        problems.push({ file, line, column: col, message: `YAML syntax: ${error.message.split('\n')[0]}` });
      }
      continue;
    }
    if (document.contents === null) continue;
    const mine: FileProblem[] = [];
    const report = (path: Path, message: string) => {
      const problem = { file, ...locate(document, lines, path), message };
      mine.push(problem);
      problems.push(problem);
    };
    documents.push({
      value: document.toJS() as unknown,
      line: locate(document, lines, []).line,
      report,
      validate: (validator, value, at = []) => {
        if (validator(value)) return true;
        for (const error of validator.errors!) {
          const path = [...at, ...pathOf(error)];
          report(path, describe(error, path));
        }
        return false;
      },
      problemCount: () => mine.length,
    });
  }
  return { documents, problems };
}
