// A plan run reads as a real run does and leaves the read's progress where it was. Its records are
// looked up, not written, so the next real run (or posting the plan) must read them again: a cursor
// moved by a plan would make the real run skip exactly the records the plan showed. Nor is there an
// audit to wait for (audit keeps a plan, not outcomes), so a read that waits for its pages to be
// audited goes on at once. Everything else (the run record, the read lease) is the store's own.
import type { Cursor, Store } from '../store/types';

export function planView(store: Store): Store {
  const setCursor = async (name: string): Promise<Cursor> => (await store.getCursor(name)) ?? { name, value: '', updatedAt: new Date(0).toISOString() };
  const countDoneReads = async (readKeys: readonly string[]): Promise<number> => new Set(readKeys).size;
  return new Proxy(store, {
    get(target, property) {
      if (property === 'setCursor') return setCursor;
      if (property === 'countDoneReads') return countDoneReads;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
