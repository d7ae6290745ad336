// What every webhook node's settings share: the path it serves, and how long it remembers an event.

/** A plain path, no Express parameters: a sender posts to one fixed URL. */
export function webhookPath(raw: string | undefined, example: string): string {
  const trimmed = (raw ?? '').trim();
  if (trimmed === '') throw new Error(`give the path to post to, e.g. ${example}`);
  const path = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(path)) throw new Error(`the path ${path} may only hold letters, digits and . _ ~ - /`);
  return path;
}

/** The duplicate window in ms from the editor's hours field (text, so maybe a string); 0 to 720 hours. */
export function windowMsFrom(hours: string | number | undefined, defaultHours: number): number {
  const value = hours === undefined || hours === '' ? defaultHours : Number(hours);
  if (!Number.isFinite(value) || value < 0 || value > 24 * 30) throw new Error('the duplicate window must be between 0 and 720 hours');
  return Math.round(value * 3_600_000);
}
