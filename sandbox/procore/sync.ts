import type { z } from 'zod';
import { issuesToErrors } from './input';
import { validationError } from './wire';

export const SYNC_LIMIT = 1000;

/** What one resource's `/sync` needs: the records in scope and how to create, update and show one. */
export interface SyncTarget<R extends { id: number; origin_id: string | null }, F> {
  schema: z.ZodType<F>;
  records: () => R[];
  /** A create with these fields: the record, or field errors. */
  create: (fields: F) => R | Record<string, string[]>;
  /** An update: field errors, or whether anything changed. */
  update: (record: R, fields: F) => boolean | Record<string, string[]>;
  render: (record: R) => unknown;
  changed: (record: R, kind: 'create' | 'update') => void;
}

/**
 * Procore's sync action (C.9 "Sync actions"): always 200 with `{entities, errors}`, up to 1,000 items.
 * Neither id nor origin_id: create. id only: update, or "Entity with this ID not found". origin_id
 * only: upsert. Both: find by id and update (the only way to change an origin_id). origin_id is unique
 * within the scope. Each failed item comes back as the caller's attributes plus `errors`.
 */
export function runSync<R extends { id: number; origin_id: string | null }, F extends { origin_id?: string | null | undefined }>(updates: unknown, target: SyncTarget<R, F>): { entities: unknown[]; errors: unknown[] } {
  if (!Array.isArray(updates)) throw validationError(400, { updates: ['param is missing or the value is empty'] });
  if (updates.length > SYNC_LIMIT) throw validationError(422, { updates: [`is too long (maximum is ${SYNC_LIMIT} entries)`] });
  const entities: unknown[] = [];
  const errors: unknown[] = [];
  for (const raw of updates) {
    const attributes = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const fail = (fieldErrors: Record<string, string[]>): void => {
      errors.push({ ...attributes, errors: fieldErrors });
    };
    const parsed = target.schema.safeParse(attributes);
    if (!parsed.success) {
      fail(issuesToErrors(parsed.error));
      continue;
    }
    const fields = parsed.data;
    const rawId = attributes.id;
    const records = target.records();
    const originId = fields.origin_id ?? undefined;
    let record: R | undefined;
    if (rawId !== undefined && rawId !== null) {
      record = records.find((candidate) => candidate.id === Number(rawId));
      if (!record) {
        fail({ id: ['Entity with this ID not found'] });
        continue;
      }
      if (originId !== undefined && records.some((other) => other !== record && other.origin_id === originId)) {
        fail({ origin_id: ['has already been taken'] });
        continue;
      }
    } else if (originId !== undefined) {
      record = records.find((candidate) => candidate.origin_id === originId);
    }
    if (record) {
      const outcome = target.update(record, fields);
      if (typeof outcome === 'object') {
        fail(outcome);
        continue;
      }
      if (outcome) target.changed(record, 'update');
      entities.push(target.render(record));
    } else {
      const created = target.create(fields);
      if (!('id' in created) || typeof created.id !== 'number') {
        fail(created as Record<string, string[]>);
        continue;
      }
      target.changed(created as R, 'create');
      entities.push(target.render(created as R));
    }
  }
  return { entities, errors };
}
