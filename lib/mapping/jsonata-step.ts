// The one asynchronous op: a JSONata expression evaluated against the source record. The expression
// is parsed once; only evaluate() runs per record (JSONata 2 evaluates asynchronously).
import jsonata from 'jsonata';
import { MappingSpecError } from './errors';
import { isPlainRecord, showValue, type JsonValue } from './json';
import { tableKey, type LookupTables } from './lookup-tables';
import { FieldPath } from './paths';
import type { RejectionReason, RuleNaming } from './reasons';
import type { RuleOf } from './spec';
import { freshCopy, OMIT, type AsyncStep, type StepContext, type StepOutput } from './steps';

/**
 * Per-message JSONata bindings: `$lookup` reads the message's lookup tables. Inside an each rule,
 * `$parent` is bound to the record around the element as well.
 */
export type JsonataBindings = Record<string, unknown>;

export class JsonataStep implements AsyncStep, RuleNaming {
  readonly async = true;
  readonly target: string;
  readonly label: string | undefined;
  readonly out: FieldPath;
  private readonly expression: jsonata.Expression;
  private readonly required: boolean;
  private readonly hasDefault: boolean;
  private readonly defaultValue: JsonValue | undefined;

  /** `where` names the rule in a syntax error, e.g. `rule 3 (target "line_ids") → nested rule 2 (target "name")`. */
  constructor(rule: RuleOf<'jsonata'>, where: string) {
    this.target = rule.target;
    this.label = rule.label || undefined;
    this.out = new FieldPath(rule.target);
    this.required = rule.required ?? false;
    this.hasDefault = 'default' in rule;
    this.defaultValue = rule.default;
    try {
      this.expression = jsonata(rule.expression);
    } catch (err) {
      throw new MappingSpecError(`invalid mapping spec: ${where}: expression: ${errorText(err)}`);
    }
  }

  async produce(source: Record<string, unknown>, _context: StepContext, bindings: JsonataBindings, reasons: RejectionReason[]): Promise<StepOutput> {
    let result: unknown;
    try {
      result = await this.expression.evaluate(source, bindings);
    } catch (err) {
      const subject = this.label ?? `field "${this.target}"`;
      reasons.push({ field: this.target, code: 'expression_error', message: `${subject}: the expression failed: ${errorText(err)}` });
      return OMIT;
    }
    if (result !== undefined) return result;
    if (this.hasDefault) return freshCopy(this.defaultValue);
    if (this.required) {
      const subject = this.label ?? `field "${this.target}"`;
      reasons.push({ field: this.target, code: 'missing', message: `${subject}: the expression produced no value` });
    }
    return OMIT;
  }
}

/**
 * `$lookup("costCenters", key)` reads a lookup table (undefined when the key is not there; an unknown
 * table is an error). With an object first, it keeps JSONata's own meaning: the object's property.
 */
export function jsonataBindings(tables: LookupTables): JsonataBindings {
  return {
    lookup: (table: unknown, key: unknown): unknown => {
      if (typeof table === 'string') {
        const found = tables.get(table);
        if (!found) throw new Error(`$lookup: no lookup table "${table}"`);
        const k = tableKey(key);
        return k === null ? undefined : freshCopy(found.get(k));
      }
      if (Array.isArray(table)) {
        const values = table.flatMap((item) => (isPlainRecord(item) && typeof key === 'string' && key in item ? [item[key]] : []));
        return values.length <= 1 ? values[0] : values;
      }
      if (isPlainRecord(table) && typeof key === 'string') return table[key];
      if (table === undefined) return undefined;
      throw new Error(`$lookup: the first argument must be a table name or an object, got ${showValue(table)}`);
    },
  };
}

// JSONata throws plain objects with a message (and a code), not always Error instances.
function errorText(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err && typeof err.message === 'string') return err.message;
  return String(err);
}
