// Medians for benches that repeat a measurement on a shared machine: one slow run (another process
// took the cores) moves a median less than a mean.

/** The middle item by `measure`; of an even count, the upper of the two middle ones. */
export function medianBy<T>(items: readonly T[], measure: (item: T) => number): T {
  if (items.length === 0) throw new Error('medianBy: no items');
  return [...items].sort((a, b) => measure(a) - measure(b))[Math.floor(items.length / 2)]!;
}

export function median(values: readonly number[]): number {
  return medianBy(values, (v) => v);
}
