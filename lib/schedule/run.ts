// One run of a schedule: when it fires and what it is for. Downstream nodes key records by runId,
// so it is derived from what the run is about (the pay date, the cron minute), never from when it
// actually fired: a catch-up run for the same pay date carries the same runId.

export interface ScheduledRun {
  /** The instant the run is due. */
  at: Date;
  /** "payrun:2026-11-13" for a pay calendar; "cron:2026-11-30T05:00Z" for cron (with seconds for 6-field crons). */
  runId: string;
  /** Pay calendar only: the pay date after the weekend/holiday adjustment, YYYY-MM-DD. */
  payDate?: string;
  /** Pay calendar only: the pay date the frequency gives before any adjustment. */
  nominalPayDate?: string;
  /** Pay calendar only: first and last day of the pay period this pay date pays, YYYY-MM-DD. */
  periodStart?: string;
  periodEnd?: string;
}

export function payRunId(payDate: string): string {
  return `payrun:${payDate}`;
}

export function cronRunId(at: Date, withSeconds: boolean): string {
  const iso = at.toISOString();
  return `cron:${iso.slice(0, withSeconds ? 19 : 16)}Z`;
}
