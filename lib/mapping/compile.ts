// compileMapping turns a spec into a mapper once; per record there is no spec parsing, no closure
// creation and no JSONata parsing. Specs without JSONata map synchronously (mapSync), which is what
// keeps large batches fast; specs with JSONata go through map(), which awaits only the JSONata steps.
import { LookupTableError } from './errors';
import { isPlainRecord, showValue } from './json';
import { jsonataBindings, type JsonataBindings } from './jsonata-step';
import { KeyTemplate } from './key-template';
import { caseInsensitiveIndex, type LookupTable, type LookupTables } from './lookup-tables';
import { FieldPath } from './paths';
import type { MapResult, RejectionReason } from './reasons';
import { parseMappingSpec, type MappingSpec } from './spec';
import { LookupSlots, RuleSteps } from './rule-steps';
import type { StepContext } from './steps';

export interface RecordMapper {
  /** Maps one record synchronously. Only for mappings without JSONata (`isAsync` false). */
  mapSync(record: unknown): MapResult;
  map(record: unknown): Promise<MapResult>;
}

export interface CompiledMapping {
  readonly spec: MappingSpec;
  /** True when a JSONata rule makes mapping asynchronous. */
  readonly isAsync: boolean;
  /** Tables the lookup rules read (also those inside each rules); each must be present when preparing. */
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
  private readonly rules: RuleSteps;
  private readonly lookupSlots: LookupSlots;
  private readonly keyTemplate: KeyTemplate | null;
  /** Source fields a rename moves away in keep mode. */
  private readonly renamedAway: readonly FieldPath[];

  constructor(readonly spec: MappingSpec) {
    this.lookupSlots = new LookupSlots();
    this.rules = new RuleSteps(spec.rules, this.lookupSlots);
    this.tableNames = [...new Set(this.lookupSlots.slots.map((s) => s.table))];
    this.isAsync = this.rules.isAsync;
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
    const resolved: LookupTable[] = this.lookupSlots.slots.map(({ table, caseInsensitive }) => {
      const found = tables.get(table);
      if (!found) {
        const known = [...tables.keys()];
        throw new LookupTableError(`lookup table "${table}" is not loaded (known tables: ${known.length ? known.join(', ') : 'none'})`);
      }
      return caseInsensitive ? caseInsensitiveIndex(table, found) : found;
    });
    return new PreparedMapper(this, { tables: resolved }, this.isAsync ? jsonataBindings(tables) : {}, mlc);
  }

  runSync(record: Record<string, unknown>, context: StepContext): { out: Record<string, unknown>; reasons: RejectionReason[] } {
    const keep = this.spec.keep;
    const out: Record<string, unknown> = keep ? { ...record } : {};
    const reasons: RejectionReason[] = [];
    this.rules.runSync(record, context, undefined, out, keep, reasons);
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
    await this.rules.runAsync(record, context, bindings, undefined, out, keep, reasons);
    return { out, reasons };
  }

  finish(record: Record<string, unknown>, out: Record<string, unknown>, reasons: RejectionReason[], mlc: unknown): MapResult {
    for (const path of this.renamedAway) path.remove(out, true);
    this.rules.check(out, reasons);
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
