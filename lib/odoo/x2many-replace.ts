// Writing a payload onto a record that already exists. A create command [0, 0, {...}] in a write
// adds a line, so writing the same journal entry twice would double its lines; for a record found
// again, a list of create commands means "these are the lines", and the old ones are cleared first.
import type { FieldTypes } from './values';

const X2MANY = new Set(['one2many', 'many2many']);
const CLEAR = [5, 0, 0] as const;

function isCreateCommand(item: unknown): boolean {
  return Array.isArray(item) && item[0] === 0;
}

export function valuesForExisting(values: Record<string, unknown>, types: FieldTypes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(values)) {
    const replaces = X2MANY.has(types.get(field) ?? '') && Array.isArray(value) && value.length > 0 && value.every(isCreateCommand);
    out[field] = replaces ? [CLEAR, ...(value as unknown[])] : value;
  }
  return out;
}
