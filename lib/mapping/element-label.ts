// How a rejection names one element of an each rule's array, e.g. "{generalLedgerAccount}" renders
// "6100-CC-500", so the accountant reads "line 7 (6100-CC-500): …" and finds the line in the export.
// Unlike a key template, a placeholder with no value does not fail: the label only helps to find the
// line, and the line number is always there.
import { MappingSpecError } from './errors';
import { DOTTED_PATH, SourcePath } from './paths';

type Part = { literal: string } | { path: SourcePath };

export class ElementLabel {
  private readonly parts: readonly Part[];

  constructor(readonly template: string) {
    const parts: Part[] = [];
    for (const match of template.matchAll(/\{([^{}]*)\}|([^{}]+)|([{}])/g)) {
      const [, path, literal, stray] = match;
      if (stray) throw new MappingSpecError(`element label "${template}": unmatched "${stray}"`);
      if (literal !== undefined) parts.push({ literal });
      else if (path !== undefined) {
        const trimmed = path.trim();
        if (!DOTTED_PATH.test(trimmed)) throw new MappingSpecError(`element label "${template}": "{${path}}" is not a field path`);
        parts.push({ path: new SourcePath(trimmed) });
      }
    }
    if (!parts.some((p) => 'path' in p)) {
      throw new MappingSpecError(`element label "${template}" must contain a {field} of the element, e.g. {generalLedgerAccount}`);
    }
    this.parts = parts;
  }

  /** The label, "?" for placeholders with no value; null when none has a value (it would say nothing). */
  render(element: unknown, parent: unknown): string | null {
    let text = '';
    let any = false;
    for (const part of this.parts) {
      if ('literal' in part) {
        text += part.literal;
        continue;
      }
      const value = part.path.read(element, parent);
      if (typeof value === 'string' && value.trim() !== '') {
        text += value.trim();
        any = true;
      } else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
        text += String(value);
        any = true;
      } else text += '?';
    }
    return any ? text : null;
  }
}
