// A lookup table kept in a CSV file (e.g. a cost-center list an accountant maintains). The file is
// stat'ed on every use and re-read only when its modification time or size changed, so an edit is
// picked up by the next message without a redeploy and without re-parsing on every message.
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { parseCsv } from './csv';
import { LookupTableError } from './errors';
import { tableFromRows, type LookupTable } from './lookup-tables';

export const CsvTableSourceSchema = z.strictObject({
  path: z.string().trim().min(1, 'CSV file path is empty'),
  keyColumn: z.string().trim().min(1, 'key column is empty'),
  valueColumn: z.string().trim().min(1, 'value column is empty'),
  /** How cells of the value column become table values. */
  valueType: z.enum(['string', 'number', 'json']).default('string'),
  delimiter: z.string().length(1).default(','),
});
export type CsvTableSource = z.infer<typeof CsvTableSourceSchema>;

export class CsvTableFile {
  private loaded: { mtimeMs: number; size: number; table: LookupTable } | null = null;

  constructor(
    readonly name: string,
    private readonly source: CsvTableSource,
  ) {}

  async read(): Promise<LookupTable> {
    const where = `lookup table "${this.name}" (${this.source.path})`;
    let info;
    try {
      info = await stat(this.source.path);
    } catch (err) {
      throw new LookupTableError(`${where}: cannot read the file: ${(err as Error).message}`);
    }
    if (this.loaded && this.loaded.mtimeMs === info.mtimeMs && this.loaded.size === info.size) return this.loaded.table;
    const text = await readFile(this.source.path, 'utf8');
    const table = this.parse(text, where);
    this.loaded = { mtimeMs: info.mtimeMs, size: info.size, table };
    return table;
  }

  private parse(text: string, where: string): LookupTable {
    let rows: string[][];
    try {
      rows = parseCsv(text, { delimiter: this.source.delimiter });
    } catch (err) {
      throw new LookupTableError(`${where}: ${(err as Error).message}`);
    }
    const [header, ...body] = rows;
    if (!header) throw new LookupTableError(`${where}: the file is empty (a header row is expected)`);
    const columns = header.map((h) => h.trim());
    const keyAt = columns.indexOf(this.source.keyColumn);
    const valueAt = columns.indexOf(this.source.valueColumn);
    for (const [column, at] of [
      [this.source.keyColumn, keyAt],
      [this.source.valueColumn, valueAt],
    ] as const) {
      if (at < 0) throw new LookupTableError(`${where}: no column "${column}" (columns: ${columns.join(', ')})`);
    }
    // Rows without a key are spreadsheet leftovers (",,"), not entries.
    const entries = body.flatMap((cells, index) => {
      const key = cells[keyAt] ?? '';
      if (key.trim() === '') return [];
      return [{ key, value: this.cellValue(cells[valueAt] ?? '', `${where}, data row ${index + 1}`) }];
    });
    return tableFromRows(this.name, entries);
  }

  private cellValue(cell: string, where: string): unknown {
    switch (this.source.valueType) {
      case 'string':
        return cell;
      case 'number': {
        const n = Number(cell.trim());
        if (cell.trim() === '' || !Number.isFinite(n)) throw new LookupTableError(`${where}: "${cell}" is not a number`);
        return n;
      }
      case 'json':
        try {
          return JSON.parse(cell) as unknown;
        } catch {
          throw new LookupTableError(`${where}: "${cell}" is not JSON`);
        }
    }
  }
}
