// Idempotency keys from a template such as "ukg:gl:{runId}:{account}". A placeholder is a dotted path
// looked up in the SOURCE record first, then in msg.mlc (so {runId} finds msg.mlc.runId). The source
// record, not the mapped one, so a rejected record gets the same key it would have had when mapped,
// and its replay lands on the same store row.
import { MappingSpecError } from './errors';
import { FieldPath, DOTTED_PATH } from './paths';
import type { RejectionReason } from './reasons';

type Part = { literal: string } | { path: FieldPath };

export type KeyResult = { ok: true; key: string } | { ok: false; reason: RejectionReason };

export class KeyTemplate {
  private readonly parts: readonly Part[];

  constructor(readonly template: string) {
    const parts: Part[] = [];
    const pattern = /\{([^{}]*)\}|([^{}]+)|([{}])/g;
    for (const match of template.matchAll(pattern)) {
      const [, path, literal, stray] = match;
      if (stray) throw new MappingSpecError(`key template "${template}": unmatched "${stray}"`);
      if (literal !== undefined) parts.push({ literal });
      else if (path !== undefined) {
        const trimmed = path.trim();
        if (!DOTTED_PATH.test(trimmed)) throw new MappingSpecError(`key template "${template}": "{${path}}" is not a field path`);
        parts.push({ path: new FieldPath(trimmed) });
      }
    }
    // A key without a placeholder is the same for every record: dedup would post only the first one.
    if (!parts.some((p) => 'path' in p)) {
      throw new MappingSpecError(`key template "${template}" must contain at least one {field}, or every record gets the same key`);
    }
    this.parts = parts;
  }

  render(record: unknown, mlc: unknown): KeyResult {
    let key = '';
    for (const part of this.parts) {
      if ('literal' in part) {
        key += part.literal;
        continue;
      }
      const value = keyText(part.path.read(record)) ?? keyText(part.path.read(mlc));
      if (value === null) {
        return {
          ok: false,
          reason: {
            field: '(key)',
            code: 'key_unresolved',
            message: `key template "${this.template}": {${part.path.text}} has no value in the record or msg.mlc`,
          },
        };
      }
      key += value;
    }
    return { ok: true, key };
  }
}

function keyText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return String(value);
  return null;
}
