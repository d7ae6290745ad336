import { childElements, parseXml, textContent, XmlSyntaxError, type XmlElement } from '../../kit';
import { pyStr } from './python-calls';
import { PythonError } from './python-error';

export interface MethodCall {
  methodName: string;
  params: unknown[];
}

/**
 * Reads a `<methodCall>` the way `xmlrpc.client.loads(data, use_datetime=True)` does on the server.
 * A body it cannot read fails with the exception that call would raise (ExpatError, ResponseError,
 * ValueError), which Odoo then reports as fault 1.
 */
export function decodeMethodCall(source: string): MethodCall {
  let root: XmlElement;
  try {
    root = parseXml(source);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw expatError(source, error);
    throw error;
  }
  const methodName = childElements(root, 'methodName')[0];
  if (localName(root.name) !== 'methodCall' || !methodName) throw responseError();
  const paramsElement = childElements(root, 'params')[0];
  const params = paramsElement
    ? childElements(paramsElement, 'param').map((param) => {
        const value = childElements(param, 'value')[0];
        if (!value) throw responseError();
        return decodeValue(value);
      })
    : [];
  return { methodName: textContent(methodName).trim(), params };
}

export function decodeValue(value: XmlElement): unknown {
  const typed = childElements(value);
  // No type element: XML-RPC says the text is a string.
  if (typed.length === 0) return textContent(value);
  if (typed.length > 1) throw responseError();
  const element = typed[0]!;
  const text = textContent(element);
  switch (localName(element.name)) {
    case 'int':
    case 'i1':
    case 'i2':
    case 'i4':
    case 'i8':
    case 'biginteger':
      return decodeInt(text);
    case 'boolean':
      if (text === '0') return false;
      if (text === '1') return true;
      throw new PythonError('builtins.TypeError', 'bad boolean value');
    case 'string':
      return text;
    case 'double':
    case 'float':
    case 'bigdecimal':
      return decodeDouble(text);
    case 'dateTime.iso8601':
      return decodeDateTime(text);
    case 'base64':
      // Odoo's binary fields take base64 text, which is what a client sending <base64> means to store.
      return text.replace(/\s+/g, '');
    case 'nil':
      return null;
    case 'array':
      return decodeArray(element);
    case 'struct':
      return decodeStruct(element);
    default:
      throw responseError();
  }
}

function decodeArray(array: XmlElement): unknown[] {
  // The unmarshaller ignores <data>, so values directly under <array> are read too.
  const holder = childElements(array, 'data')[0] ?? array;
  return childElements(holder, 'value').map(decodeValue);
}

function decodeStruct(struct: XmlElement): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const member of childElements(struct, 'member')) {
    const name = childElements(member, 'name')[0];
    const value = childElements(member, 'value')[0];
    if (!name || !value) throw responseError();
    result[textContent(name)] = decodeValue(value);
  }
  return result;
}

function decodeInt(text: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new PythonError('builtins.ValueError', `invalid literal for int() with base 10: ${pyStr(text)}`);
  return Number(text);
}

function decodeDouble(text: string): number {
  const trimmed = text.trim();
  if (/^[+-]?(inf|infinity)$/i.test(trimmed)) return trimmed.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(trimmed)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
    throw new PythonError('builtins.ValueError', `could not convert string to float: ${pyStr(text)}`);
  }
  return Number(trimmed);
}

/**
 * `datetime.strptime(text, "%Y%m%dT%H:%M:%S")`, the only form the server accepts. The ORM then gets
 * a naive datetime; Odoo's string form 'YYYY-MM-DD HH:MM:SS' is the same value to every field.
 */
function decodeDateTime(text: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(text);
  const [, y, mo, d, h, mi, s] = match ?? [];
  const valid =
    match !== null &&
    Number(mo) >= 1 &&
    Number(mo) <= 12 &&
    Number(d) >= 1 &&
    Number(d) <= new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate() &&
    Number(h) <= 23 &&
    Number(mi) <= 59 &&
    Number(s) <= 61;
  if (!valid) throw new PythonError('builtins.ValueError', `time data ${pyStr(text)} does not match format '%Y%m%dT%H:%M:%S'`);
  return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
}

/** Namespaced tags (`<ex:nil/>` from Apache clients) count by their local name, as in CPython. */
function localName(tag: string): string {
  return tag.slice(tag.lastIndexOf(':') + 1);
}

function responseError(): PythonError {
  return new PythonError('xmlrpc.client.ResponseError', 'ResponseError()');
}

/**
 * The kit's parser and expat disagree on wording; clients only see the class and a position, so the
 * message keeps expat's common phrases and its 1-based line, 0-based column.
 */
function expatError(source: string, error: XmlSyntaxError): PythonError {
  const offset = Number(/at offset (\d+)$/.exec(error.message)?.[1] ?? 0);
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1);
  const phrase = source.trim() === ''
    ? 'no element found'
    : /is never closed/.test(error.message)
      ? 'no element found'
      : /closes </.test(error.message)
        ? 'mismatched tag'
        : /after the root element/.test(error.message)
          ? 'junk after document element'
          : 'not well-formed (invalid token)';
  return new PythonError('xml.parsers.expat.ExpatError', `${phrase}: line ${line}, column ${column}`);
}
