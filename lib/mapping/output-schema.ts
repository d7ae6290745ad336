// The shape every mapped record must have, built as one zod schema from the rules' target types, so
// a record that would be refused by the target system is rejected here with a message naming the field.
import { z } from 'zod';
import { showValue } from './json';
import { FieldPath } from './paths';
import type { RejectionReason, RuleNaming } from './reasons';
import type { FieldType } from './spec';

export interface OutputField extends RuleNaming {
  readonly type: FieldType;
  readonly required: boolean;
}

const TYPE_SCHEMAS: Record<Exclude<FieldType, 'any'>, z.ZodType> = {
  string: z.string(),
  number: z.number(),
  integer: z.int(),
  boolean: z.boolean(),
  date: z.union([z.iso.date(), z.iso.datetime({ offset: true })]),
  object: z.record(z.string(), z.unknown()),
  array: z.array(z.unknown()),
};

const TYPE_WORDS: Record<FieldType, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  date: 'a date (YYYY-MM-DD or an ISO date-time)',
  object: 'an object',
  array: 'an array',
  any: 'a value',
};

const PRESENT = z.custom<unknown>((value) => value !== undefined && value !== null);

type Tree = Map<string, Tree | OutputField>;

export class OutputSchema {
  private readonly schema: z.ZodType | null;
  private readonly fields = new Map<string, { field: OutputField; path: FieldPath }>();

  constructor(fields: readonly OutputField[]) {
    for (const field of fields) this.fields.set(field.target, { field, path: new FieldPath(field.target) });
    const checked = fields.filter((f) => f.type !== 'any' || f.required);
    this.schema = checked.length ? objectSchema(buildTree(checked)) : null;
  }

  /** Reasons for every field that does not fit, except fields already rejected by their rule. */
  check(record: Record<string, unknown>, alreadyRejected: readonly RejectionReason[]): RejectionReason[] {
    if (!this.schema) return [];
    const result = this.schema.safeParse(record);
    if (result.success) return [];
    const reasons: RejectionReason[] = [];
    const seen = new Set(alreadyRejected.map((r) => r.field));
    for (const issue of result.error.issues) {
      const target = issue.path.map(String).join('.');
      // A parent object is missing because its rejected child was not written, or an each rule's array
      // because one of its elements was rejected ("line_ids[6].account_id"): already explained.
      if (seen.has(target) || alreadyRejected.some((r) => r.field.startsWith(`${target}.`) || r.field.startsWith(`${target}[`))) continue;
      seen.add(target);
      reasons.push(this.describe(target, record));
    }
    return reasons;
  }

  private describe(target: string, record: Record<string, unknown>): RejectionReason {
    const known = this.fields.get(target);
    if (!known) return { field: target, code: 'wrong_type', message: `field "${target}" must be an object` };
    const { field, path } = known;
    const value = path.read(record);
    const subject = field.label ?? `field "${field.target}"`;
    if (value === undefined || value === null) {
      return { field: target, code: 'missing', message: `${subject} is required but has no value` };
    }
    return { field: target, code: 'wrong_type', message: `${subject} must be ${TYPE_WORDS[field.type]}, got ${showValue(value)}` };
  }
}

function buildTree(fields: readonly OutputField[]): Tree {
  const root: Tree = new Map();
  for (const field of fields) {
    const segments = field.target.split('.');
    let node = root;
    segments.forEach((segment, i) => {
      if (i === segments.length - 1) {
        node.set(segment, field);
        return;
      }
      let child = node.get(segment);
      if (!(child instanceof Map)) {
        child = new Map();
        node.set(segment, child);
      }
      node = child;
    });
  }
  return root;
}

// An intermediate object is required when any field below it is.
function objectSchema(tree: Tree): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, node] of tree) {
    if (node instanceof Map) {
      const child = objectSchema(node);
      shape[name] = hasRequired(node) ? child : child.optional();
    } else {
      shape[name] = leafSchema(node);
    }
  }
  return z.looseObject(shape);
}

function leafSchema(field: OutputField): z.ZodType {
  if (field.type === 'any') return field.required ? PRESENT : z.unknown();
  const schema = TYPE_SCHEMAS[field.type];
  return field.required ? schema : schema.nullish();
}

function hasRequired(tree: Tree): boolean {
  for (const node of tree.values()) if (node instanceof Map ? hasRequired(node) : node.required) return true;
  return false;
}
