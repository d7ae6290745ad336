// A source record's share of its run's control totals, taken as the record is read (before any
// mapping can change it). Figures are whole cents per dimension value, counted once per record.
import { FieldPath } from '../mapping/paths';
import { tableKey, type LookupTables } from '../mapping/lookup-tables';
import { toCents } from './cents';
import { FigureTotals } from './figures';
import { COUNT_MEASURE, RECORD_DIMENSION, RUN_DIMENSION, type ControlFigure, type ControlSpec } from './spec';

/** A source value the lookup table has no row for: kept apart, so it shows up as off instead of vanishing. */
export const UNMAPPED_PREFIX = 'unmapped:';

export class ControlAmountError extends Error {
  readonly code = 'MLC_CONTROLS_BAD_AMOUNT';
  constructor(message: string) {
    super(message);
    this.name = 'ControlAmountError';
  }
}

export interface CompiledControls {
  spec: ControlSpec;
  /** The figures of one record; `key` is the record's idempotency key. */
  figuresOf(record: unknown, key: string, tables: LookupTables): ControlFigure[];
}

export function compileControls(spec: ControlSpec): CompiledControls {
  const lines = spec.lines ? new FieldPath(spec.lines) : null;
  const amounts = spec.amounts.map((a) => ({ name: a.name, path: new FieldPath(a.from) }));
  const dimensions = spec.dimensions.map((d) => ({ name: d.name, path: new FieldPath(d.from), table: d.table?.trim() || null }));

  return {
    spec,
    figuresOf(record, key, tables) {
      const sums = new FigureTotals();
      const add = sums.add.bind(sums);
      add(RUN_DIMENSION, '', null, COUNT_MEASURE, 1);
      add(RECORD_DIMENSION, key, null, COUNT_MEASURE, 1);
      const lineList = lines ? lines.read(record) : [record];
      const items = Array.isArray(lineList) ? lineList : lineList === undefined || lineList === null ? [] : [lineList];
      items.forEach((line, index) => {
        const cents = amounts.map((a) => {
          const raw = a.path.read(line);
          const value = toCents(raw);
          if (value === null) throw new ControlAmountError(`controls: ${key}${lines ? ` line ${index + 1}` : ''}: ${a.path.text} is ${JSON.stringify(raw)}, not an amount`);
          return { name: a.name, value };
        });
        const values = dimensions.map((d) => ({ name: d.name, ...dimensionValue(d.path.read(line), d.table, tables) }));
        for (const amount of cents) {
          add(RUN_DIMENSION, '', null, amount.name, amount.value);
          add(RECORD_DIMENSION, key, null, amount.name, amount.value);
          for (const v of values) add(v.name, v.value, v.label, amount.name, amount.value);
        }
      });
      return sums.all();
    },
  };
}

function dimensionValue(raw: unknown, tableName: string | null, tables: LookupTables): { value: string; label: string | null } {
  const code = tableKey(raw) ?? '';
  // A line without the dimension (net pay has no cost center) matches target lines without it.
  if (!tableName || code === '') return { value: code, label: null };
  const found = tables.get(tableName)?.get(code);
  if (found === undefined || found === null || found === false) return { value: `${UNMAPPED_PREFIX}${code}`, label: code };
  return { value: typeof found === 'object' ? JSON.stringify(found) : String(found), label: code };
}
