import { formatDatetime, instantToMs } from '../clock';
import type { Database } from '../database';
import type { Row } from '../fields';

export interface BulkPartnerOptions {
  /** write_date of the first record (UTC 'YYYY-MM-DD HH:MM:SS'). Default 2026-11-03 00:00:00. */
  startAt?: string;
  /** How many records share each second of write_date. Default 50. */
  perSecond?: number;
}

/**
 * Appends `count` vendors straight into the table, bypassing the ORM (no undo log, no per-record
 * validation), for volume tests: 100,000 partners load in well under a second. Every row has the
 * fields a vendor sync reads, so reads need no defaults.
 */
export function seedBulkPartners(db: Database, count: number, options: BulkPartnerOptions = {}): { firstId: number; lastId: number } {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  const table = db.table('res.partner');
  const perSecond = options.perSecond ?? 50;
  const startMs = instantToMs(options.startAt ?? '2026-11-03 00:00:00');
  const firstId = table.nextId;
  let stamp = '';
  let stampSecond = -1;
  for (let i = 0; i < count; i++) {
    const second = Math.floor(i / perSecond);
    if (second !== stampSecond) {
      stampSecond = second;
      stamp = formatDatetime(startMs + second * 1000);
    }
    const number = String(firstId + i).padStart(7, '0');
    const row: Row = {
      id: firstId + i,
      name: `Bulk Vendor ${number}`,
      is_company: true,
      type: 'contact',
      supplier_rank: 1,
      customer_rank: 0,
      ref: `BULK-${number}`,
      email: `ap${number}@bulk-vendor.example`,
      company_id: false,
      active: true,
      create_uid: 1,
      create_date: stamp,
      write_uid: 1,
      write_date: stamp,
    };
    table.appendUnlogged(row);
  }
  return { firstId, lastId: firstId + count - 1 };
}
