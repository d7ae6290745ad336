// A list of rules compiled into steps plus the output schema they promise: the top level of a mapping,
// and the element mapping of an each rule. Both share one set of lookup-table slots, so a mapping
// resolves every table (also those only nested lookups read) once, in prepare().
import { ElementLabel } from './element-label';
import { isPlainRecord, showValue, type JsonValue } from './json';
import { JsonataStep, type JsonataBindings } from './jsonata-step';
import { OutputSchema } from './output-schema';
import { FieldPath, SourcePath } from './paths';
import { missingReason, valueReason, type RejectionReason } from './reasons';
import { ruleName, type MappingRule, type RuleOf } from './spec';
import {
  compileSyncStep,
  freshCopy,
  isMissing,
  LookupStep,
  OMIT,
  SOURCE_OPS_REQUIRED_BY_DEFAULT,
  type AsyncStep,
  type Step,
  type StepContext,
  type StepOutput,
  type SyncStep,
} from './steps';

/** The tables lookup steps read, one slot per table and case mode; StepContext.tables follows it. */
export class LookupSlots {
  private readonly list: Array<{ table: string; caseInsensitive: boolean }> = [];

  get slots(): ReadonlyArray<{ table: string; caseInsensitive: boolean }> {
    return this.list;
  }

  assign(step: LookupStep): void {
    let slot = this.list.findIndex((s) => s.table === step.table && s.caseInsensitive === step.caseInsensitive);
    if (slot < 0) slot = this.list.push({ table: step.table, caseInsensitive: step.caseInsensitive }) - 1;
    step.slot = slot;
  }
}

export class RuleSteps {
  readonly steps: readonly Step[];
  readonly isAsync: boolean;
  private readonly schema: OutputSchema;

  /** `outer` holds the index and target of the each rule these rules are nested in. */
  constructor(rules: readonly MappingRule[], slots: LookupSlots, outer?: { index: number; target: string }) {
    this.steps = rules.map((rule, index) => {
      const where = outer ? ruleName([outer.index, index], [outer.target, rule.target]) : ruleName([index], [rule.target]);
      if (rule.op === 'jsonata') return new JsonataStep(rule, where);
      if (rule.op === 'each') {
        if (outer) throw new Error(`${where}: an each rule cannot be nested`); // the spec schema refuses it already
        return compileEachStep(rule, slots, index);
      }
      const step = compileSyncStep(rule);
      if (step instanceof LookupStep) slots.assign(step);
      return step;
    });
    this.isAsync = this.steps.some((s) => s.async);
    this.schema = new OutputSchema(
      rules.map((rule) => ({
        target: rule.target,
        label: rule.label || undefined,
        type: rule.type,
        required: rule.required ?? SOURCE_OPS_REQUIRED_BY_DEFAULT.has(rule.op),
      })),
    );
  }

  /** Runs the steps in rule order into `out` (later rules may overwrite what keep mode copied). */
  runSync(
    source: Record<string, unknown>,
    context: StepContext,
    parent: Record<string, unknown> | undefined,
    out: Record<string, unknown>,
    keep: boolean,
    reasons: RejectionReason[],
  ): void {
    for (const step of this.steps as readonly SyncStep[]) {
      const value = step.produce(source, context, reasons, parent);
      if (value !== OMIT) step.out.write(out, value, keep);
    }
  }

  async runAsync(
    source: Record<string, unknown>,
    context: StepContext,
    bindings: JsonataBindings,
    parent: Record<string, unknown> | undefined,
    out: Record<string, unknown>,
    keep: boolean,
    reasons: RejectionReason[],
  ): Promise<void> {
    for (const step of this.steps) {
      const value = step.async ? await step.produce(source, context, bindings, reasons, parent) : step.produce(source, context, reasons, parent);
      if (value !== OMIT) step.out.write(out, value, keep);
    }
  }

  /** Adds the output schema's reasons for fields no rule has explained yet. */
  check(out: Record<string, unknown>, reasons: RejectionReason[]): void {
    const schemaReasons = this.schema.check(out, reasons);
    if (schemaReasons.length) reasons.push(...schemaReasons);
  }
}

function compileEachStep(rule: RuleOf<'each'>, slots: LookupSlots, index: number): Step {
  const elements = new RuleSteps(rule.rules, slots, { index, target: rule.target });
  return elements.isAsync ? new AsyncEachStep(rule, elements) : new SyncEachStep(rule, elements);
}

/**
 * Maps each element of a source array with the nested rules. An element that cannot be mapped
 * rejects the whole record (a journal entry with one line left out would not balance, or would post
 * wrong), and every element's reasons are reported, each naming the line.
 */
abstract class EachStep {
  readonly target: string;
  readonly label: string | undefined;
  readonly out: FieldPath;
  private readonly from: SourcePath;
  private readonly required: boolean;
  private readonly hasDefault: boolean;
  private readonly defaultValue: JsonValue | undefined;
  private readonly wrap: boolean;
  private readonly elementLabel: ElementLabel | null;

  constructor(
    rule: RuleOf<'each'>,
    protected readonly elements: RuleSteps,
  ) {
    this.target = rule.target;
    this.label = rule.label || undefined;
    this.out = new FieldPath(rule.target);
    this.from = new SourcePath(rule.from);
    this.required = rule.required ?? true;
    this.hasDefault = 'default' in rule;
    this.defaultValue = rule.default;
    this.wrap = rule.wrap === 'x2many-create';
    this.elementLabel = rule.elementLabel ? new ElementLabel(rule.elementLabel) : null;
  }

  /** The source array, or the value to return instead of mapping (OMIT, a default). */
  protected list(source: Record<string, unknown>, reasons: RejectionReason[]): { list: readonly unknown[] } | { result: StepOutput } {
    const value = this.from.read(source, undefined);
    if (isMissing(value)) {
      if (this.hasDefault) return { result: freshCopy(this.defaultValue) };
      if (this.required) reasons.push(missingReason(this, this.from.text));
      return { result: OMIT };
    }
    if (!Array.isArray(value)) {
      reasons.push(valueReason(this, 'wrong_type', value, 'is not a list (an each rule maps an array)'));
      return { result: OMIT };
    }
    return { list: value };
  }

  protected wrapped(mapped: Record<string, unknown>): unknown {
    return this.wrap ? [0, 0, mapped] : mapped;
  }

  /** Moves an element's reasons to the record's, with the element's field path and name. */
  protected report(index: number, element: unknown, parent: Record<string, unknown>, from: readonly RejectionReason[], to: RejectionReason[]): void {
    const at = `${this.target}[${index}]`;
    const label = this.elementLabel?.render(element, parent);
    const name = label ? `line ${index + 1} (${label})` : `line ${index + 1}`;
    for (const reason of from) {
      to.push({ field: reason.field === '(record)' ? at : `${at}.${reason.field}`, code: reason.code, message: `${name}: ${reason.message}` });
    }
  }
}

function notAnObject(element: unknown): RejectionReason {
  return { field: '(record)', code: 'not_an_object', message: `the element must be an object, got ${showValue(element)}` };
}

class SyncEachStep extends EachStep implements SyncStep {
  readonly async = false;

  produce(source: Record<string, unknown>, context: StepContext, reasons: RejectionReason[]): StepOutput {
    const got = this.list(source, reasons);
    if ('result' in got) return got.result;
    const result: unknown[] = new Array<unknown>(got.list.length);
    const elementReasons: RejectionReason[] = [];
    let failed = false;
    const list = got.list;
    for (let index = 0; index < list.length; index++) {
      const element = list[index];
      if (!isPlainRecord(element)) elementReasons.push(notAnObject(element));
      else {
        const out: Record<string, unknown> = {};
        this.elements.runSync(element, context, source, out, false, elementReasons);
        this.elements.check(out, elementReasons);
        result[index] = this.wrapped(out);
      }
      if (elementReasons.length) {
        failed = true;
        this.report(index, element, source, elementReasons, reasons);
        elementReasons.length = 0;
      }
    }
    return failed ? OMIT : result;
  }
}

class AsyncEachStep extends EachStep implements AsyncStep {
  readonly async = true;

  async produce(source: Record<string, unknown>, context: StepContext, bindings: JsonataBindings, reasons: RejectionReason[]): Promise<StepOutput> {
    const got = this.list(source, reasons);
    if ('result' in got) return got.result;
    const elementBindings: JsonataBindings = { ...bindings, parent: source };
    const result: unknown[] = new Array<unknown>(got.list.length);
    const elementReasons: RejectionReason[] = [];
    let failed = false;
    for (let index = 0; index < got.list.length; index++) {
      const element = got.list[index];
      if (!isPlainRecord(element)) elementReasons.push(notAnObject(element));
      else {
        const out: Record<string, unknown> = {};
        await this.elements.runAsync(element, context, elementBindings, source, out, false, elementReasons);
        this.elements.check(out, elementReasons);
        result[index] = this.wrapped(out);
      }
      if (elementReasons.length) {
        failed = true;
        this.report(index, element, source, elementReasons, reasons);
        elementReasons.length = 0;
      }
    }
    return failed ? OMIT : result;
  }
}
