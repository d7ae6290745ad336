// compileMapping turns a spec into a mapper once; per record there is no spec parsing, no closure
// creation and no JSONata parsing. Specs without JSONata map synchronously (mapSync), which is what
// keeps large batches fast; specs with JSONata go through map(), which awaits only the JSONata steps.
import { LookupTableError } from './errors';
import { isPlainRecord, showValue } from './json';
import { jsonataBindings, JsonataStep, type JsonataBindings } from './jsonata-step';
import { KeyTemplate } from './key-template';
import { caseInsensitiveIndex, type LookupTable, type LookupTables } from './lookup-tables';
import { OutputSchema } from './output-schema';
import { FieldPath } from './paths';
import type { MapResult, RejectionReason } from './reasons';
import { parseMappingSpec, type MappingSpec } from './spec';
import { compileSyncStep, LookupStep, OMIT, SOURCE_OPS_REQUIRED_BY_DEFAULT, type StepContext, type SyncStep } from './steps';

type Step = SyncStep | JsonataStep;

export interface RecordMapper {
  /** Maps one record synchronously. Only for mappings without JSONata (`isAsync` false). */
  mapSync(record: unknown): MapResult;
  map(record: unknown): Promise<MapResult>;
}

export interface CompiledMapping {
  readonly spec: MappingSpec;
  /** True when a JSONata rule makes mapping asynchronous. */
  readonly isAsync: boolean;
  /** Tables the lookup rules read; each must be present when preparing. */
  readonly tableNames: readonly string[];
  readonly hasKeyTemplate: boolean;
  /**
   * Binds the mapping to one message's tables and envelope (msg.mlc, used by the key template).
   * Throws LookupTableError when a table a lookup rule needs is missing: every record would be
   * rejected for a reason that is not in the records.
   */
  prepare(tables: LookupTables, mlc?: unknown): RecordMapper;
}

/** Validates (when given raw JSON) and compiles. Throws MappingSpecError naming the bad rule. */
export function compileMapping(spec: unknown): CompiledMapping {
  return new Mapping(parseMappingSpec(spec));
}

class Mapping implements CompiledMapping {
  readonly isAsync: boolean;
  readonly tableNames: readonly string[];
  readonly hasKeyTemplate: boolean;
  private readonly steps: readonly Step[];
  private readonly lookupSlots: ReadonlyArray<{ table: string; caseInsensitive: boolean }>;
  private readonly schema: OutputSchema;
  private readonly keyTemplate: KeyTemplate | null;
  /** Source fields a rename moves away in keep mode. */
  private readonly renamedAway: readonly FieldPath[];

  constructor(readonly spec: MappingSpec) {
    const slots: Array<{ table: string; caseInsensitive: boolean }> = [];
    this.steps = spec.rules.map((rule, index) => {
      if (rule.op === 'jsonata') return new JsonataStep(rule, index + 1);
      const step = compileSyncStep(rule);
      if (step instanceof LookupStep) {
        let slot = slots.findIndex((s) => s.table === step.table && s.caseInsensitive === step.caseInsensitive);
        if (slot < 0) slot = slots.push({ table: step.table, caseInsensitive: step.caseInsensitive }) - 1;
        step.slot = slot;
      }
      return step;
    });
    this.lookupSlots = slots;
    this.tableNames = [...new Set(slots.map((s) => s.table))];
    this.isAsync = this.steps.some((s) => s.async);
    this.schema = new OutputSchema(
      spec.rules.map((rule) => ({
        target: rule.target,
        label: rule.label || undefined,
        type: rule.type,
        required: rule.required ?? SOURCE_OPS_REQUIRED_BY_DEFAULT.has(rule.op),
      })),
    );
    this.keyTemplate = spec.key ? new KeyTemplate(spec.key) : null;
    this.hasKeyTemplate = this.keyTemplate !== null;
    const targets = spec.rules.map((r) => r.target);
    this.renamedAway = spec.keep
      ? spec.rules.flatMap((rule) =>
          rule.op === 'rename' && !targets.some((t) => t === rule.from || t.startsWith(`${rule.from}.`) || rule.from.startsWith(`${t}.`))
            ? [new FieldPath(rule.from)]
            : [],
        )
      : [];
  }

  prepare(tables: LookupTables, mlc?: unknown): RecordMapper {
    const resolved: LookupTable[] = this.lookupSlots.map(({ table, caseInsensitive }) => {
      const found = tables.get(table);
      if (!found) {
        const known = [...tables.keys()];
        throw new LookupTableError(`lookup table "${table}" is not loaded (known tables: ${known.length ? known.join(', ') : 'none'})`);
      }
      return caseInsensitive ? caseInsensitiveIndex(table, found) : found;
    });
    return new PreparedMapper(this, { tables: resolved }, this.isAsync ? jsonataBindings(tables) : {}, mlc);
  }

  /** Runs the steps in rule order (later rules may overwrite what keep mode copied). */
  runSync(record: Record<string, unknown>, context: StepContext): { out: Record<string, unknown>; reasons: RejectionReason[] } {
    const keep = this.spec.keep;
    const out: Record<string, unknown> = keep ? { ...record } : {};
    const reasons: RejectionReason[] = [];
    for (const step of this.steps as readonly SyncStep[]) {
      const value = step.produce(record, context, reasons);
      if (value !== OMIT) step.out.write(out, value, keep);
    }
    return { out, reasons };
  }

  async runAsync(
    record: Record<string, unknown>,
    context: StepContext,
    bindings: JsonataBindings,
  ): Promise<{ out: Record<string, unknown>; reasons: RejectionReason[] }> {
    const keep = this.spec.keep;
    const out: Record<string, unknown> = keep ? { ...record } : {};
    const reasons: RejectionReason[] = [];
    for (const step of this.steps) {
      const value = step.async ? await step.produce(record, bindings, reasons) : step.produce(record, context, reasons);
      if (value !== OMIT) step.out.write(out, value, keep);
    }
    return { out, reasons };
  }

  finish(record: Record<string, unknown>, out: Record<string, unknown>, reasons: RejectionReason[], mlc: unknown): MapResult {
    for (const path of this.renamedAway) path.remove(out, true);
    const schemaReasons = this.schema.check(out, reasons);
    if (schemaReasons.length) reasons.push(...schemaReasons);
    let key: string | undefined;
    if (this.keyTemplate) {
      const rendered = this.keyTemplate.render(record, mlc);
      if (rendered.ok) key = rendered.key;
      else reasons.push(rendered.reason);
    }
    if (reasons.length) return key === undefined ? { ok: false, reasons } : { ok: false, reasons, key };
    return key === undefined ? { ok: true, value: out } : { ok: true, value: out, key };
  }
}

class PreparedMapper implements RecordMapper {
  constructor(
    private readonly mapping: Mapping,
    private readonly context: StepContext,
    private readonly bindings: JsonataBindings,
    private readonly mlc: unknown,
  ) {}

  mapSync(record: unknown): MapResult {
    if (this.mapping.isAsync) throw new Error('this mapping has JSONata rules: use map(), not mapSync()');
    if (!isPlainRecord(record)) return notAnObject(record);
    const { out, reasons } = this.mapping.runSync(record, this.context);
    return this.mapping.finish(record, out, reasons, this.mlc);
  }

  async map(record: unknown): Promise<MapResult> {
    if (!this.mapping.isAsync) return this.mapSync(record);
    if (!isPlainRecord(record)) return notAnObject(record);
    const { out, reasons } = await this.mapping.runAsync(record, this.context, this.bindings);
    return this.mapping.finish(record, out, reasons, this.mlc);
  }
}

function notAnObject(record: unknown): MapResult {
  return {
    ok: false,
    reasons: [{ field: '(record)', code: 'not_an_object', message: `the record must be an object, got ${showValue(record)}` }],
  };
}
