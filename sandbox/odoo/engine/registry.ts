import type { FieldDef, Many2manyField, Many2oneField } from './fields';
import type { ModelDef } from './model-def';

export interface Reference {
  readonly model: ModelDef;
  readonly field: string;
  readonly def: Many2oneField | Many2manyField;
}

/** All model definitions, with the cross-model facts the ORM needs precomputed. */
export class Registry {
  private readonly models = new Map<string, ModelDef>();
  /** Per model, the fields kept in a hash index: one2many inverses, unique keys, `indexed` fields. */
  private readonly indexed = new Map<string, Set<string>>();
  /** Per target model, the relational fields that point at it (for unlink's ondelete handling). */
  private readonly references = new Map<string, Reference[]>();

  constructor(definitions: readonly ModelDef[]) {
    for (const def of definitions) {
      if (this.models.has(def.name)) throw new Error(`model ${def.name} defined twice`);
      this.models.set(def.name, def);
    }
    for (const def of definitions) {
      for (const [name, field] of Object.entries(def.fields)) {
        this.link(def, name, field);
        if (field.indexed) this.index(def.name, name);
      }
      for (const unique of def.uniques ?? []) this.index(def.name, unique.fields[0]!);
    }
  }

  get(name: string): ModelDef | undefined {
    return this.models.get(name);
  }

  /** For engine-internal names, which are known to exist. */
  model(name: string): ModelDef {
    const def = this.models.get(name);
    if (!def) throw new Error(`unknown model ${name}`);
    return def;
  }

  all(): ModelDef[] {
    return [...this.models.values()];
  }

  indexedFields(model: string): ReadonlySet<string> {
    return this.indexed.get(model) ?? new Set();
  }

  referencesTo(model: string): readonly Reference[] {
    return this.references.get(model) ?? [];
  }

  private index(model: string, field: string): void {
    const set = this.indexed.get(model) ?? new Set<string>();
    set.add(field);
    this.indexed.set(model, set);
  }

  private link(def: ModelDef, name: string, field: FieldDef): void {
    if (field.type !== 'many2one' && field.type !== 'one2many' && field.type !== 'many2many') return;
    const target = this.models.get(field.relation);
    if (!target) throw new Error(`${def.name}.${name} points to unknown model ${field.relation}`);
    if (field.type === 'one2many') {
      const inverse = target.fields[field.inverse];
      if (inverse?.type !== 'many2one' || inverse.relation !== def.name) {
        throw new Error(`${def.name}.${name}: inverse ${field.relation}.${field.inverse} is not a many2one to ${def.name}`);
      }
      this.index(target.name, field.inverse);
      return;
    }
    if (field.compute) return;
    const list = this.references.get(field.relation) ?? [];
    list.push({ model: def, field: name, def: field });
    this.references.set(field.relation, list);
  }
}
