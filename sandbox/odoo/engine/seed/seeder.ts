import type { OdooEngine } from '../engine';
import type { Env, Vals } from '../env';
import type { SeedStamps } from './stamps';

/**
 * Creates seed records one call at a time, each stamped with the next seed timestamp, and registers
 * external ids (`mlc_demo.<name>`) for the records examples and tests refer to.
 */
export class Seeder {
  constructor(
    private readonly engine: OdooEngine,
    private readonly stamps: SeedStamps,
  ) {}

  create(model: string, vals: Vals, xmlid?: string): number {
    return this.engine.runAsSystem(
      (env) => {
        const [id] = env.orm.create(env, model, [vals]);
        if (xmlid) registerXmlid(env, xmlid, model, id!);
        return id!;
      },
      { at: this.stamps.next() },
    );
  }

  write(model: string, ids: readonly number[], vals: Vals): void {
    this.engine.runAsSystem((env) => env.orm.write(env, model, ids, vals), { at: this.stamps.next() });
  }

  /** Any other seeding work at the next timestamp. */
  run<T>(work: (env: Env) => T): T {
    return this.engine.runAsSystem(work, { at: this.stamps.next() });
  }
}

export function registerXmlid(env: Env, completeName: string, model: string, resId: number): void {
  const dot = completeName.indexOf('.');
  env.orm.create(env, 'ir.model.data', [
    { module: completeName.slice(0, dot), name: completeName.slice(dot + 1), model, res_id: resId, noupdate: true },
  ]);
}
