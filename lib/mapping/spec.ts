// The mapping spec: what an integrator writes (in the editor, or as JSON on msg.mapping) to turn one
// system's record into another's. Validated here, compiled in compile.ts.
import { z } from 'zod';
import { compileDateFormatter, compileDateParser } from './dates';
import { MappingSpecError } from './errors';
import { JsonValueSchema, isPlainRecord, showValue } from './json';
import { DOTTED_PATH } from './paths';

export const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'object', 'array', 'any'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const RULE_OPS = ['copy', 'rename', 'constant', 'jsonata', 'date', 'number', 'lookup'] as const;
export type RuleOp = (typeof RULE_OPS)[number];

const FieldPathSchema = z.string().regex(DOTTED_PATH, 'must be a field path like "amount" or "line.account_id"');

const common = {
  target: FieldPathSchema,
  /** Checked on every mapped record; "any" checks only presence (when required). */
  type: z.enum(FIELD_TYPES).default('any'),
  /** Default: true for rules that read a source field (copy, rename, date, number, lookup). */
  required: z.boolean().optional(),
  /** Written when the source value is missing (and on a lookup miss with onMiss "default"). */
  default: JsonValueSchema.optional(),
  /** What the value is called in rejection messages, e.g. "cost center". */
  label: z.string().trim().optional(),
};
const from = FieldPathSchema;

export const RuleSchema = z.discriminatedUnion('op', [
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
    ...common,
  }),
]);

export const MappingSpecSchema = z
  .strictObject({
    rules: z.array(RuleSchema).min(1, 'a mapping needs at least one rule'),
    /** Start from a copy of the source record instead of an empty object. */
    keep: z.boolean().default(false),
    /** Idempotency key template, e.g. "ukg:gl:{runId}:{account}" (see key-template.ts). */
    key: z.string().trim().optional(),
  })
  .superRefine((spec, ctx) => {
    const targets = new Map<string, number>();
    spec.rules.forEach((rule, index) => {
      const at = (...path: (string | number)[]): (string | number)[] => ['rules', index, ...path];
      for (const [other, otherIndex] of targets) {
        if (other === rule.target || rule.target.startsWith(`${other}.`) || other.startsWith(`${rule.target}.`)) {
          ctx.addIssue({ code: 'custom', path: at('target'), message: `clashes with target "${other}" of rule ${otherIndex + 1}` });
        }
      }
      targets.set(rule.target, index);
      if (rule.op === 'lookup' && rule.onMiss === 'default' && !('default' in rule)) {
        ctx.addIssue({ code: 'custom', path: at('default'), message: 'onMiss "default" needs a default value' });
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
    });
  });

export type MappingSpec = z.output<typeof MappingSpecSchema>;
export type MappingSpecInput = z.input<typeof MappingSpecSchema>;
export type MappingRule = MappingSpec['rules'][number];
export type RuleOf<O extends RuleOp> = Extract<MappingRule, { op: O }>;

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
  const rawRule = isPlainRecord(raw) && Array.isArray(raw.rules) ? (raw.rules[second] as unknown) : undefined;
  const target = isPlainRecord(rawRule) && typeof rawRule.target === 'string' ? ` (target "${rawRule.target}")` : '';
  const rule = `rule ${second + 1}${target}`;
  if (issue.code === 'invalid_union' && rest.length === 1 && rest[0] === 'op') {
    const op = isPlainRecord(rawRule) ? rawRule.op : undefined;
    return `${rule}: op ${showValue(op)} is not one of ${RULE_OPS.join(', ')}`;
  }
  return `${rule}: ${withField(rest, issue.message)}`;
}

function withField(path: readonly PropertyKey[], message: string): string {
  const field = path.map(String).join('.');
  if (!field) return message;
  return message === 'is required' ? `${field} is required` : `${field}: ${message}`;
}
