import type { Ajv, AnySchema, ValidateFunction } from 'ajv';

/**
 * JSON Schema validators compiled the first time each is used, not when the module is imported:
 * compiling them all up front cost every process that imported them about 0.3 s of start-up (the
 * alerting rules' thirty alone), while a rules file or a catalogue uses a few.
 */
export class SchemaValidators<K extends string> {
  private readonly compiled = new Map<K, ValidateFunction>();

  constructor(
    private readonly ajv: Ajv,
    private readonly schemas: Readonly<Record<K, AnySchema>>,
  ) {}

  /** Whether `key` names one of the schemas (a type or kind read from input may not). */
  has(key: unknown): key is K {
    return typeof key === 'string' && Object.hasOwn(this.schemas, key);
  }

  get(key: K): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) this.compiled.set(key, (validate = this.ajv.compile(this.schemas[key])));
    return validate;
  }

  keys(): K[] {
    return Object.keys(this.schemas) as K[];
  }
}
