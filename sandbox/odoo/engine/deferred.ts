import { sudo, type DeferredWork, type Env } from './env';

/**
 * The end-of-call queue behind `env.deferred`: ids marked per model, handed to the model's `flush` hook
 * once the method's own work is done, so that e.g. a move is balanced-checked once after all its lines
 * were written, not after each line. Flushing may mark more work; it loops until nothing is left.
 */
export class DeferredQueue implements DeferredWork {
  private readonly pending = new Map<string, Set<number>>();
  private env: Env | undefined;

  /** The env the queue flushes with (the call's env: its uid, context and timestamp). */
  attach(env: Env): void {
    this.env = env;
  }

  mark(model: string, ids: Iterable<number>): void {
    let set = this.pending.get(model);
    if (!set) this.pending.set(model, (set = new Set()));
    for (const id of ids) set.add(id);
  }

  discard(): void {
    this.pending.clear();
  }

  flush(): void {
    const env = this.env;
    if (!env) throw new Error('deferred work flushed before an env was attached');
    for (let round = 0; this.pending.size > 0; round++) {
      if (round > 20) throw new Error(`deferred work does not settle: ${[...this.pending.keys()].join(', ')}`);
      const [model, ids] = this.pending.entries().next().value!;
      this.pending.delete(model);
      const flush = env.registry.model(model).hooks?.flush;
      if (flush && ids.size > 0) flush(sudo(env), [...ids]);
    }
  }
}
