// Systems put their error text in different places. These are the shapes the six systems of this pack
// use (OAuth2 `error_description`, ServiceNow `error.message`/`error.detail`, Procore and UKG `errors`,
// Looker `message`, RFC 9457 `detail`/`title`); a client with its own shape passes its own extractor.

const MAX_MESSAGE = 500;

export function defaultErrorMessage(body: unknown): string | undefined {
  const found = pick(body, 0);
  if (found === undefined) return undefined;
  const oneLine = found.replace(/\s+/g, ' ').trim();
  if (oneLine === '') return undefined;
  return oneLine.length <= MAX_MESSAGE ? oneLine : `${oneLine.slice(0, MAX_MESSAGE - 1)}…`;
}

function pick(value: unknown, depth: number): string | undefined {
  if (depth > 3 || value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const parts = value.map((item) => pick(item, depth + 1)).filter((part): part is string => part !== undefined);
    return parts.length > 0 ? parts.join('; ') : undefined;
  }
  if (typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const description = text(record['error_description']);
  const error = record['error'];
  if (description !== undefined) return text(error) !== undefined ? `${text(error)}: ${description}` : description;
  for (const key of ['message', 'Message', 'detail', 'title', 'errorMessage']) {
    const direct = text(record[key]);
    if (direct !== undefined) {
      const detail = key === 'message' ? text(record['detail']) : undefined;
      return detail !== undefined && detail !== direct ? `${direct}: ${detail}` : direct;
    }
  }
  for (const key of ['error', 'errors', 'fault']) {
    const nested = pick(record[key], depth + 1);
    if (nested !== undefined) return nested;
  }
  if (depth === 0) return undefined;
  // Inside `errors`: Rails-style field errors, {"name": ["can't be blank"]} (Procore).
  const fields = Object.entries(record)
    .map(([field, value]) => [field, pick(value, depth + 1)] as const)
    .filter((entry): entry is readonly [string, string] => entry[1] !== undefined)
    .map(([field, said]) => `${field}: ${said}`);
  return fields.length > 0 ? fields.join('; ') : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A body that is not JSON (an HTML error page, plain text): its first line, if it reads as text. */
export function textErrorMessage(body: string): string | undefined {
  const stripped = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  if (stripped === '') return undefined;
  return stripped.length <= 200 ? stripped : `${stripped.slice(0, 199)}…`;
}
