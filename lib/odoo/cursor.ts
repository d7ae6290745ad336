// The incremental read's high-water mark: the (write_date, id) of the last record handed on.
// write_date has second precision, so many records share one; the id breaks the tie, and the pair
// is a total order matching search_read's 'write_date asc, id asc'.
//
// Stored as one sortable string, '2026-11-02 08:00:00|0000000042': the store's onlyForward compares
// cursor values as strings, and with a fixed-width date and a zero-padded id string order is the
// records' order. Ten digits hold any Odoo id (a PostgreSQL integer).
import type { Domain } from './domain';
import { isoToOdooDatetime } from './values';

export interface ReadCursor {
  /** Odoo's form: naive UTC 'YYYY-MM-DD HH:MM:SS'. */
  writeDate: string;
  id: number;
}

const ID_WIDTH = 10;
const STORED = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\|(\d{10})$/;

export function encodeCursor(cursor: ReadCursor): string {
  return `${cursor.writeDate}|${String(cursor.id).padStart(ID_WIDTH, '0')}`;
}

export class CursorError extends Error {
  readonly code = 'MLC_ODOO_BAD_CURSOR';
  constructor(message: string) {
    super(message);
    this.name = 'CursorError';
  }
}

/** null for no cursor yet; a value this code did not write is an error, not a silent restart. */
export function decodeCursor(value: string | null | undefined, name: string): ReadCursor | null {
  if (value === null || value === undefined || value === '') return null;
  const match = STORED.exec(value);
  if (!match) throw new CursorError(`cursor "${name}" holds ${JSON.stringify(value.slice(0, 60))}, not 'YYYY-MM-DD HH:MM:SS|<10-digit id>'`);
  return { writeDate: match[1] as string, id: Number(match[2]) };
}

/** Records after the cursor in (write_date, id) order. */
export function afterCursorDomain(cursor: ReadCursor): Domain {
  return ['|', ['write_date', '>', cursor.writeDate], '&', ['write_date', '=', cursor.writeDate], ['id', '>', cursor.id]];
}

/** The cursor at a record as the client returns it (ISO or Odoo datetime, id). */
export function cursorAt(record: Record<string, unknown>, model: string): ReadCursor {
  const id = record['id'];
  const writeDate = record['write_date'];
  if (typeof id !== 'number' || !Number.isInteger(id)) throw new CursorError(`${model}: a record without an integer id`);
  if (typeof writeDate !== 'string' || writeDate === '') {
    throw new CursorError(`${model} record ${id} has no write_date; incremental mode needs it (use mode "once" for this model)`);
  }
  const odoo = isoToOdooDatetime(writeDate);
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(odoo)) throw new CursorError(`${model} record ${id}: write_date ${JSON.stringify(writeDate)} is not a datetime`);
  return { writeDate: odoo, id };
}

export function describeCursor(cursor: ReadCursor | null): string {
  return cursor ? `${cursor.writeDate} / id ${cursor.id}` : 'its start (no cursor yet)';
}
