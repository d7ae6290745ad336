// Dotted paths ("line.account_id", "lines.0.amount") split once at compile time, so reading and
// writing a field per record is a short loop over a prepared array rather than string parsing.

export const DOTTED_PATH = /^[^.\s][^.]*(\.[^.\s][^.]*)*$/;

export class FieldPath {
  readonly segments: readonly string[];
  private readonly last: string;
  private readonly parents: readonly string[];

  constructor(readonly text: string) {
    this.segments = text.split('.');
    this.last = this.segments[this.segments.length - 1] as string;
    this.parents = this.segments.slice(0, -1);
  }

  read(source: unknown): unknown {
    let current = source;
    for (const segment of this.segments) {
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
    return current;
  }

  /**
   * Writes, creating missing parents. With `copyParents` (keep mode, where parents may still be the
   * source record's own objects) each parent is copied before it is written to, so the source stays intact.
   */
  write(target: Record<string, unknown>, value: unknown, copyParents: boolean): void {
    const parent = this.parentOf(target, copyParents, true);
    if (parent) parent[this.last] = value;
  }

  remove(target: Record<string, unknown>, copyParents: boolean): void {
    const parent = this.parentOf(target, copyParents, false);
    if (parent && Object.prototype.hasOwnProperty.call(parent, this.last)) delete parent[this.last];
  }

  private parentOf(target: Record<string, unknown>, copyParents: boolean, create: boolean): Record<string, unknown> | null {
    let current = target;
    for (const segment of this.parents) {
      const next = current[segment];
      if (next !== null && typeof next === 'object') {
        const child = copyParents ? (Array.isArray(next) ? [...next] : { ...next }) : next;
        if (copyParents) current[segment] = child;
        current = child as Record<string, unknown>;
      } else if (create) {
        const child: Record<string, unknown> = {};
        current[segment] = child;
        current = child;
      } else {
        return null;
      }
    }
    return current;
  }
}

/** Inside an each rule, a `from` path that starts with this reads the record around the element. */
export const PARENT_PREFIX = '$parent.';

/**
 * A rule's source: a field of the record (for a rule inside an each rule, of the element), or with
 * `$parent.` a field of the record the element's array belongs to (the journal entry of a line).
 */
export class SourcePath {
  readonly fromParent: boolean;
  /** The path below the parent for `$parent.` paths. */
  readonly path: FieldPath;

  constructor(readonly text: string) {
    this.fromParent = text.startsWith(PARENT_PREFIX);
    this.path = new FieldPath(this.fromParent ? text.slice(PARENT_PREFIX.length) : text);
  }

  read(source: unknown, parent: unknown): unknown {
    return this.path.read(this.fromParent ? parent : source);
  }
}
