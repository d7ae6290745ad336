// Where a node's lookup tables come from: rows typed into the editor, or a CSV file on disk.
// Rows become a table once; CSV files are checked on each load (see CsvTableFile).
import { z } from 'zod';
import { CsvTableFile, CsvTableSourceSchema } from './csv-table-file';
import { LookupTableError } from './errors';
import { tableFromRows, TableRowSchema, type LookupTable, type LookupTables } from './lookup-tables';

const TableName = z.string().trim().min(1, 'a lookup table needs a name');

export const TableSourceSchema = z.discriminatedUnion('source', [
  z.strictObject({ name: TableName, source: z.literal('rows'), rows: z.array(TableRowSchema) }),
  z.strictObject({ name: TableName, source: z.literal('csv'), ...CsvTableSourceSchema.shape }),
]);
export type TableSource = z.input<typeof TableSourceSchema>;

export class TableSet {
  private readonly fixed = new Map<string, LookupTable>();
  private readonly files: CsvTableFile[] = [];

  /** Validates every source; throws LookupTableError naming the first bad table. */
  constructor(sources: readonly unknown[], resolvePath: (path: string) => string = (p) => p) {
    const names = new Set<string>();
    sources.forEach((raw, index) => {
      const parsed = TableSourceSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const name = typeof (raw as { name?: unknown })?.name === 'string' ? ` "${(raw as { name: string }).name}"` : '';
        const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
        throw new LookupTableError(`lookup table ${index + 1}${name}: ${where}${issue?.message ?? 'invalid'}`);
      }
      const source = parsed.data;
      if (names.has(source.name)) throw new LookupTableError(`lookup table "${source.name}" is defined twice`);
      names.add(source.name);
      if (source.source === 'rows') this.fixed.set(source.name, tableFromRows(source.name, source.rows));
      else this.files.push(new CsvTableFile(source.name, { ...source, path: resolvePath(source.path) }));
    });
  }

  get isEmpty(): boolean {
    return this.fixed.size === 0 && this.files.length === 0;
  }

  async load(): Promise<LookupTables> {
    if (this.files.length === 0) return this.fixed;
    const tables = new Map(this.fixed);
    const loaded = await Promise.all(this.files.map((file) => file.read()));
    this.files.forEach((file, i) => tables.set(file.name, loaded[i] as LookupTable));
    return tables;
  }
}
