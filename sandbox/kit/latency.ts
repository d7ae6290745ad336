/** Added to every simulated request: a fixed delay, or uniformly random between min and max. */
export type LatencySpec = { ms: number } | { minMs: number; maxMs: number };

export class Latency {
  private spec: LatencySpec = { ms: 0 };

  set(spec: LatencySpec): void {
    const [min, max] = bounds(spec);
    if (!(min >= 0) || !(max >= min)) throw new RangeError(`latency needs 0 <= min <= max, got ${JSON.stringify(spec)}`);
    this.spec = { ...spec };
  }

  clear(): void {
    this.spec = { ms: 0 };
  }

  get(): LatencySpec {
    return { ...this.spec };
  }

  /** The delay for one request, in ms. */
  sample(): number {
    const [min, max] = bounds(this.spec);
    return min === max ? min : min + Math.random() * (max - min);
  }
}

function bounds(spec: LatencySpec): [number, number] {
  return 'ms' in spec ? [spec.ms, spec.ms] : [spec.minMs, spec.maxMs];
}
