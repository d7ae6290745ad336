// The mapping spec: what an integrator writes (in the editor, or as JSON on msg.mapping) to turn one
// system's record into another's. Validated here, compiled in compile.ts.
import { z } from 'zod';
import { compileDateFormatter, compileDateParser } from './dates';
import { MappingSpecError } from './errors';
import { JsonValueSchema, isPlainRecord, showValue } from './json';
import { ElementLabel } from './element-label';
import { DOTTED_PATH, PARENT_PREFIX } from './paths';

export const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'object', 'array', 'any'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const RULE_OPS = ['copy', 'rename', 'constant', 'jsonata', 'date', 'number', 'lookup', 'each'] as const;
export type RuleOp = (typeof RULE_OPS)[number];
/** The ops a rule inside an each rule may have: every op but each itself. */
export const FIELD_RULE_OPS = RULE_OPS.filter((op): op is Exclude<RuleOp, 'each'> => op !== 'each');

/** What an each rule makes of each mapped element: the element, or an Odoo x2many create command. */
export const WRAP_MODES = ['none', 'x2many-create'] as const;

const FieldPathSchema = z.string().regex(DOTTED_PATH, 'must be a field path like "amount" or "line.account_id"');

const common = {
  target: FieldPathSchema,
  /** Checked on every mapped record; "any" checks only presence (when required). */
  type: z.enum(FIELD_TYPES).default('any'),
  /** Default: true for rules that read a source field (copy, rename, date, number, lookup, each). */
  required: z.boolean().optional(),
  /** Written when the source value is missing (and on a lookup miss with onMiss "default"). */
  default: JsonValueSchema.optional(),
  /** What the value is called in rejection messages, e.g. "cost center". */
  label: z.string().trim().optional(),
};
/** Inside an each rule, relative to the element; `$parent.<field>` reads the record around it. */
const from = FieldPathSchema;

const FIELD_RULES = [
  z.strictObject({ op: z.literal('copy'), from, ...common }),
  z.strictObject({ op: z.literal('rename'), from, ...common }),
  z.strictObject({ op: z.literal('constant'), value: JsonValueSchema, ...common }),
  z.strictObject({ op: z.literal('jsonata'), expression: z.string().trim().min(1, 'the expression is empty'), ...common }),
  z.strictObject({
    op: z.literal('date'),
    from,
    /** A pattern (MM/DD/YYYY, YYYY-MM-DD, DD.MM.YYYY HH:mm…), or ISO, epoch-ms, epoch-s. */
    inputFormat: z.string().trim().min(1).default('YYYY-MM-DD'),
    /** A pattern, or ISO for an ISO-8601 UTC date-time. */
    outputFormat: z.string().trim().min(1).default('YYYY-MM-DD'),
    ...common,
  }),
  z.strictObject({
    op: z.literal('number'),
    from,
    decimal: z.enum(['.', ',']).default('.'),
    thousands: z.enum(['', ',', '.', ' ', "'"]).default(''),
    round: z.int().min(0).max(12).optional(),
    negate: z.boolean().default(false),
    ...common,
  }),
  z.strictObject({
    op: z.literal('lookup'),
    from,
    table: z.string().trim().min(1, 'the table name is empty'),
    onMiss: z.enum(['reject', 'default', 'passThrough']).default('reject'),
    caseInsensitive: z.boolean().default(false),
    /**
     * "distribution" writes `{ "<found value>": percent }`, the shape of Odoo's analytic_distribution,
     * whose key is the analytic account id a cost center looks up to. Absent: the found value.
     */
    as: z.enum(['value', 'distribution']).optional(),
    /** The share written with as "distribution" (default 100). */
    percent: z.number().gt(0, 'must be more than 0').max(100, 'must be at most 100').optional(),
    ...common,
  }),
] as const;

export const FieldRuleSchema = z.discriminatedUnion('op', [...FIELD_RULES]);

export const EachRuleSchema = z.strictObject({
  op: z.literal('each'),
  from,
  /** Mapped once per element, against the element. No each inside an each (see checkRules). */
  rules: z.array(FieldRuleSchema).min(1, 'an each rule needs at least one nested rule'),
  wrap: z.enum(WRAP_MODES).default('none'),
  /** Names an element in rejections, e.g. "{generalLedgerAccount}" → line 7 (6100-CC-500). */
  elementLabel: z.string().trim().min(1).optional(),
  ...common,
  // An each rule always writes an array; other types could never match.
  type: z.enum(['array', 'any']).default('array'),
});

export const RuleSchema = z.discriminatedUnion('op', [...FIELD_RULES, EachRuleSchema]);

export const MappingSpecSchema = z
  .strictObject({
    rules: z.array(RuleSchema).min(1, 'a mapping needs at least one rule'),
    /** Start from a copy of the source record instead of an empty object. */
    keep: z.boolean().default(false),
    /** Idempotency key template, e.g. "ukg:gl:{runId}:{account}" (see key-template.ts). */
    key: z.string().trim().optional(),
  })
  .superRefine((spec, ctx) => checkRules(spec.rules, ctx, ['rules'], false));

type IssuePath = (string | number)[];

/** Checks that need more than one option of a rule, for top-level rules and those inside each rules. */
function checkRules(rules: readonly MappingRule[], ctx: z.RefinementCtx, prefix: IssuePath, nested: boolean): void {
  const targets = new Map<string, number>();
  rules.forEach((rule, index) => {
    const at = (...path: IssuePath): IssuePath => [...prefix, index, ...path];
    for (const [other, otherIndex] of targets) {
      if (other === rule.target || rule.target.startsWith(`${other}.`) || other.startsWith(`${rule.target}.`)) {
        ctx.addIssue({ code: 'custom', path: at('target'), message: `clashes with target "${other}" of ${nested ? 'nested ' : ''}rule ${otherIndex + 1}` });
      }
    }
    targets.set(rule.target, index);
    if ('from' in rule) {
      if (!nested && rule.from.startsWith(PARENT_PREFIX)) {
        ctx.addIssue({ code: 'custom', path: at('from'), message: `"${PARENT_PREFIX}" reads the record around an element: only rules inside an each rule can use it` });
      }
    }
    if (rule.op === 'lookup') {
      if (rule.onMiss === 'default' && !('default' in rule)) {
        ctx.addIssue({ code: 'custom', path: at('default'), message: 'onMiss "default" needs a default value' });
      }
      if (rule.percent !== undefined && rule.as !== 'distribution') {
        ctx.addIssue({ code: 'custom', path: at('percent'), message: 'percent is only used with as "distribution"' });
      }
    }
    if (rule.op === 'number' && rule.decimal === rule.thousands) {
      ctx.addIssue({ code: 'custom', path: at('thousands'), message: 'the thousands separator must differ from the decimal separator' });
    }
    if (rule.op === 'date') {
      for (const [name, compile] of [
        ['inputFormat', compileDateParser],
        ['outputFormat', compileDateFormatter],
      ] as const) {
        try {
          compile(rule[name]);
        } catch (err) {
          ctx.addIssue({ code: 'custom', path: at(name), message: (err as Error).message });
        }
      }
      if (rule.type === 'date' && rule.outputFormat !== 'YYYY-MM-DD' && rule.outputFormat !== 'ISO') {
        ctx.addIssue({ code: 'custom', path: at('type'), message: 'type "date" needs outputFormat YYYY-MM-DD or ISO (use "string" for other formats)' });
      }
    }
    if (rule.op === 'each') {
      if (rule.elementLabel !== undefined) {
        try {
          new ElementLabel(rule.elementLabel);
        } catch (err) {
          ctx.addIssue({ code: 'custom', path: at('elementLabel'), message: (err as Error).message });
        }
      }
      checkRules(rule.rules, ctx, at('rules'), true);
    }
  });
}

export type MappingSpec = z.output<typeof MappingSpecSchema>;
export type MappingSpecInput = z.input<typeof MappingSpecSchema>;
export type MappingRule = MappingSpec['rules'][number];
export type RuleOf<O extends RuleOp> = Extract<MappingRule, { op: O }>;
/** A rule that writes one field: any rule but each (the rules inside an each rule are these). */
export type FieldRule = Exclude<MappingRule, { op: 'each' }>;

/** Validates a spec from the editor or a message; the error names the bad rule by number and target. */
export function parseMappingSpec(raw: unknown): MappingSpec {
  const parsed = MappingSpecSchema.safeParse(raw, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
  });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 3).map((issue) => describeSpecIssue(issue, raw));
  const more = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : '';
  throw new MappingSpecError(`invalid mapping spec: ${problems.join('; ')}${more}`);
}

function describeSpecIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const [first, second, ...rest] = issue.path;
  if (first !== 'rules' || typeof second !== 'number') return withField(issue.path, issue.message);
  const rawRule = rawRuleAt(raw, second);
  const [third, fourth, ...nestedRest] = rest;
  if (third === 'rules' && typeof fourth === 'number') {
    const rawNested = rawRuleAt(rawRule, fourth);
    const where = `${ruleName([second, fourth], [targetOf(rawRule), targetOf(rawNested)])}`;
    if (isOpIssue(issue, nestedRest)) {
      const op = isPlainRecord(rawNested) ? rawNested.op : undefined;
      if (op === 'each') return `${where}: an each rule cannot contain another each rule (map the inner list with a JSONata rule)`;
      return `${where}: op ${showValue(op)} is not one of ${FIELD_RULE_OPS.join(', ')}`;
    }
    return `${where}: ${withField(nestedRest, issue.message)}`;
  }
  const rule = ruleName([second], [targetOf(rawRule)]);
  if (isOpIssue(issue, rest)) {
    const op = isPlainRecord(rawRule) ? rawRule.op : undefined;
    return `${rule}: op ${showValue(op)} is not one of ${RULE_OPS.join(', ')}`;
  }
  return `${rule}: ${withField(rest, issue.message)}`;
}

/**
 * How messages name a rule: `rule 3 (target "line_ids")`, and a rule inside an each rule
 * `rule 3 (target "line_ids") → nested rule 2 (target "account_id")`. Indexes are 0-based.
 */
export function ruleName(indexes: readonly number[], targets: ReadonlyArray<string | undefined>): string {
  return indexes
    .map((index, depth) => {
      const target = targets[depth];
      return `${depth > 0 ? 'nested ' : ''}rule ${index + 1}${target === undefined ? '' : ` (target "${target}")`}`;
    })
    .join(' → ');
}

function rawRuleAt(raw: unknown, index: number): unknown {
  return isPlainRecord(raw) && Array.isArray(raw.rules) ? (raw.rules[index] as unknown) : undefined;
}

function targetOf(rawRule: unknown): string | undefined {
  return isPlainRecord(rawRule) && typeof rawRule.target === 'string' ? rawRule.target : undefined;
}

function isOpIssue(issue: z.core.$ZodIssue, rest: readonly PropertyKey[]): boolean {
  return issue.code === 'invalid_union' && rest.length === 1 && rest[0] === 'op';
}

function withField(path: readonly PropertyKey[], message: string): string {
  const field = path.map(String).join('.');
  if (!field) return message;
  return message === 'is required' ? `${field} is required` : `${field}: ${message}`;
}
