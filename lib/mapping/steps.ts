// One compiled step per rule. Each is built once from the spec with everything it needs already
// parsed (paths split, date patterns turned into regexes, number separators into a parser), so mapping
// a record is a loop over steps that allocate nothing but their result.
import { compileDateFormatter, compileDateParser, type DateFormatter, type DateParser } from './dates';
import { showValue, type JsonValue } from './json';
import type { JsonataBindings } from './jsonata-step';
import type { LookupTable } from './lookup-tables';
import { tableKey } from './lookup-tables';
import { compileNumberParser, type NumberParser } from './numbers';
import { FieldPath, SourcePath } from './paths';
import { missingReason, valueReason, type RejectionReason, type RuleNaming } from './reasons';
import type { FieldRule, MappingRule, RuleOf } from './spec';

/** Returned by a step that writes nothing (an optional value that is absent, or a rejection). */
export const OMIT: unique symbol = Symbol('omit');
/** A step's result: the value to write, or OMIT. */
export type StepOutput = unknown;

/** What a step may read besides the record: the tables of the current message, by slot. */
export interface StepContext {
  readonly tables: ReadonlyArray<LookupTable>;
}

/**
 * `parent` is the record around the element for rules inside an each rule (what `$parent.` reads),
 * undefined at the top level.
 */
export interface SyncStep extends RuleNaming {
  readonly async: false;
  readonly out: FieldPath;
  produce(source: Record<string, unknown>, context: StepContext, reasons: RejectionReason[], parent: Record<string, unknown> | undefined): StepOutput;
}

/** A step that evaluates JSONata, or an each rule with JSONata inside. */
export interface AsyncStep extends RuleNaming {
  readonly async: true;
  readonly out: FieldPath;
  produce(
    source: Record<string, unknown>,
    context: StepContext,
    bindings: JsonataBindings,
    reasons: RejectionReason[],
    parent: Record<string, unknown> | undefined,
  ): Promise<StepOutput>;
}

export type Step = SyncStep | AsyncStep;

/** A value is missing when the source has nothing there, or a blank cell. */
export function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** Object values are copied per record, so records never share (and mutate) one constant. */
export function freshCopy(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}

export const SOURCE_OPS_REQUIRED_BY_DEFAULT: ReadonlySet<MappingRule['op']> = new Set(['copy', 'rename', 'date', 'number', 'lookup', 'each']);

abstract class SourceStep implements SyncStep {
  readonly async = false;
  readonly target: string;
  readonly label: string | undefined;
  readonly out: FieldPath;
  /** The source path; with `$parent.` (inside an each rule) it reads the record around the element. */
  private readonly from: FieldPath;
  private readonly fromText: string;
  private readonly fromParent: boolean;
  private readonly required: boolean;
  private readonly hasDefault: boolean;
  protected readonly defaultValue: JsonValue | undefined;

  constructor(rule: FieldRule & { from: string }) {
    this.target = rule.target;
    this.label = rule.label || undefined;
    this.out = new FieldPath(rule.target);
    // SourcePath's parts kept here rather than behind another call: this read runs for every rule and record.
    const from = new SourcePath(rule.from);
    this.from = from.path;
    this.fromText = from.text;
    this.fromParent = from.fromParent;
    this.required = rule.required ?? SOURCE_OPS_REQUIRED_BY_DEFAULT.has(rule.op);
    this.hasDefault = 'default' in rule;
    this.defaultValue = rule.default;
  }

  produce(source: Record<string, unknown>, context: StepContext, reasons: RejectionReason[], parent: Record<string, unknown> | undefined): StepOutput {
    const value = this.from.read(this.fromParent ? parent : source);
    if (!isMissing(value)) return this.convert(value, context, reasons);
    if (this.hasDefault) return freshCopy(this.defaultValue);
    if (this.required) reasons.push(missingReason(this, this.fromText));
    return OMIT;
  }

  protected abstract convert(value: unknown, context: StepContext, reasons: RejectionReason[]): StepOutput;
}

export class CopyStep extends SourceStep {
  protected convert(value: unknown): StepOutput {
    return value;
  }
}

export class ConstantStep implements SyncStep {
  readonly async = false;
  readonly target: string;
  readonly label: string | undefined;
  readonly out: FieldPath;
  private readonly value: JsonValue;

  constructor(rule: RuleOf<'constant'>) {
    this.target = rule.target;
    this.label = rule.label || undefined;
    this.out = new FieldPath(rule.target);
    this.value = rule.value;
  }

  produce(): StepOutput {
    return freshCopy(this.value);
  }
}

export class DateStep extends SourceStep {
  private readonly parse: DateParser;
  private readonly format: DateFormatter;
  private readonly inputFormat: string;

  constructor(rule: RuleOf<'date'>) {
    super(rule);
    this.inputFormat = rule.inputFormat;
    this.parse = compileDateParser(rule.inputFormat);
    this.format = compileDateFormatter(rule.outputFormat);
  }

  protected convert(value: unknown, _context: StepContext, reasons: RejectionReason[]): StepOutput {
    const date = this.parse(value);
    if (date) return this.format(date);
    reasons.push(valueReason(this, 'invalid_date', value, `is not a valid date (format ${this.inputFormat})`));
    return OMIT;
  }
}

export class NumberStep extends SourceStep {
  private readonly parse: NumberParser;
  private readonly expected: string;

  constructor(rule: RuleOf<'number'>) {
    super(rule);
    this.parse = compileNumberParser(rule);
    const thousands = rule.thousands ? `, thousands separator "${rule.thousands}"` : '';
    this.expected = `decimal separator "${rule.decimal}"${thousands}`;
  }

  protected convert(value: unknown, _context: StepContext, reasons: RejectionReason[]): StepOutput {
    const n = this.parse(value);
    if (n !== null) return n;
    reasons.push(valueReason(this, 'invalid_number', value, `is not a valid number (${this.expected})`));
    return OMIT;
  }
}

export class LookupStep extends SourceStep {
  readonly table: string;
  readonly caseInsensitive: boolean;
  /** Index into StepContext.tables, assigned by the compiler. */
  slot = -1;
  private readonly onMiss: RuleOf<'lookup'>['onMiss'];
  /** The share when the rule writes a distribution, null when it writes the found value. */
  private readonly percent: number | null;

  constructor(rule: RuleOf<'lookup'>) {
    super(rule);
    this.table = rule.table;
    this.caseInsensitive = rule.caseInsensitive;
    this.onMiss = rule.onMiss;
    this.percent = rule.as === 'distribution' ? (rule.percent ?? 100) : null;
  }

  protected convert(value: unknown, context: StepContext, reasons: RejectionReason[]): StepOutput {
    let key = tableKey(value);
    if (key === null) {
      reasons.push(valueReason(this, 'invalid_key', value, `cannot be looked up in table "${this.table}" (not a string or number)`));
      return OMIT;
    }
    if (this.caseInsensitive) key = key.toLowerCase();
    const table = context.tables[this.slot] as LookupTable;
    const found = table.get(key);
    if (found !== undefined || table.has(key)) return this.percent === null ? freshCopy(found) : this.distribution(value, found, reasons);
    if (this.onMiss === 'passThrough') return this.percent === null ? value : this.distribution(value, value, reasons);
    // The default is written as given, as for every rule: with a distribution it is the whole object.
    if (this.onMiss === 'default') return freshCopy(this.defaultValue);
    reasons.push(valueReason(this, 'lookup_miss', value, `not found in table "${this.table}"`));
    return OMIT;
  }

  /** `{ "<id>": percent }`; the id must be one Odoo can read as an analytic account id. */
  private distribution(value: unknown, id: unknown, reasons: RejectionReason[]): StepOutput {
    const key = typeof id === 'number' && Number.isFinite(id) ? String(id) : typeof id === 'string' ? id.trim() : '';
    if (key !== '') return { [key]: this.percent };
    reasons.push(valueReason(this, 'wrong_type', value, `found ${showValue(id)} in table "${this.table}", which is not an id for a distribution`));
    return OMIT;
  }
}

export function compileSyncStep(rule: Exclude<FieldRule, { op: 'jsonata' }>): SyncStep {
  switch (rule.op) {
    case 'copy':
    case 'rename':
      return new CopyStep(rule);
    case 'constant':
      return new ConstantStep(rule);
    case 'date':
      return new DateStep(rule);
    case 'number':
      return new NumberStep(rule);
    case 'lookup':
      return new LookupStep(rule);
  }
}
