// CSV as RFC 4180 writes it (and spreadsheets export it): fields quoted with ", a quote inside a
// quoted field doubled, commas and line breaks allowed inside quotes, CRLF or LF line ends.
// Strict about stray quotes: a table that parses "almost right" would post to the wrong accounts.

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = 'CsvError';
  }
}

export interface CsvOptions {
  delimiter?: string;
}

/** Parses text into rows of fields. Blank lines are skipped; a leading byte-order mark is ignored. */
export function parseCsv(text: string, options: CsvOptions = {}): string[][] {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new Error(`CSV delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`);
  }
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let fieldStarted = false; // distinguishes a blank line from a line holding one empty field

  const endField = (): void => {
    row.push(field);
    field = '';
  };
  const endRow = (): void => {
    if (fieldStarted || row.length > 0) {
      endField();
      rows.push(row);
    }
    row = [];
    fieldStarted = false;
  };

  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"') {
      if (field !== '') throw new CsvError('a quote may only start a field', line);
      const quoteLine = line;
      i += 1;
      for (;;) {
        if (i >= text.length) throw new CsvError('unterminated quoted field', quoteLine);
        const c = text[i] as string;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (c === '\n') line += 1;
        field += c;
        i += 1;
      }
      fieldStarted = true;
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
        throw new CsvError('a closing quote must end the field', line);
      }
      continue;
    }
    if (ch === delimiter) {
      fieldStarted = true;
      endField();
      i += 1;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line += 1;
      continue;
    }
    fieldStarted = true;
    field += ch;
    i += 1;
  }
  endRow();
  return rows;
}
