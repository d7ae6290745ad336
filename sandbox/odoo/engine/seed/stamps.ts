import { formatDatetime, instantToMs } from '../clock';

/**
 * Deterministic `create_date`/`write_date` values for seeded records: one second per `perSecond`
 * records, so that many records share a second, as on a real server where write_date has second
 * precision. Cursor tests need those ties.
 */
export class SeedStamps {
  private count = 0;
  private readonly startMs: number;

  constructor(
    start: string,
    private readonly perSecond: number,
  ) {
    this.startMs = instantToMs(start);
  }

  next(): string {
    const stamp = formatDatetime(this.startMs + Math.floor(this.count / this.perSecond) * 1000);
    this.count++;
    return stamp;
  }
}
