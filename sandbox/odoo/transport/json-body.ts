/**
 * JSON bodies as Odoo's dispatchers read them (Python's `json.loads`). Only the outcome matters to
 * clients, plus the wording of the most common failure, which the JSON-2 error message embeds.
 */
export type JsonParse = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJsonBody(source: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(source) as unknown };
  } catch (error) {
    return { ok: false, message: pythonJsonMessage(source, error) };
  }
}

/**
 * Python says `Expecting value: line 1 column 1 (char 0)` where V8 says `Unexpected token 'n'...`;
 * that case (a body that does not start like JSON) gets Python's words, anything subtler V8's.
 */
function pythonJsonMessage(source: string, error: unknown): string {
  const start = source.search(/\S/);
  if (start === -1 || !/^([[{"\-0-9]|true|false|null)/.test(source.slice(start))) {
    const at = start === -1 ? source.length : start;
    const before = source.slice(0, at);
    const line = before.split('\n').length;
    const column = at - (before.lastIndexOf('\n') + 1) + 1;
    return `Expecting value: line ${line} column ${column} (char ${at})`;
  }
  return error instanceof Error ? error.message : String(error);
}
