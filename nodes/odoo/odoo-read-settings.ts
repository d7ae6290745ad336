// The mlc-odoo-read editor fields → validated read settings, free of Node-RED so they can be tested
// alone. Bad settings are reported on the first trigger (a Catch node sees them) and in the status.
import { z } from 'zod';
import { DomainError, parseDomain, type Domain } from '../../lib/odoo/domain';
import type { AdvanceWhen } from '../../lib/odoo/incremental-reader';

export type ReadMode = 'once' | 'incremental';
export type OutputShape = 'record' | 'page';

export interface ReadSettings {
  model: string;
  domain: Domain;
  fields: string[] | undefined;
  order: string;
  pageSize: number;
  mode: ReadMode;
  cursorName: string;
  output: OutputShape;
  advance: AdvanceWhen;
  auditTimeoutMs: number;
  settleSeconds: number;
  includeArchived: boolean;
  /** '' for none. */
  keyPrefix: string;
}

export const DEFAULT_PAGE_SIZE = 200;
export const MAX_PAGE_SIZE = 5000;
export const DEFAULT_ORDER = 'id asc';
export const DEFAULT_AUDIT_TIMEOUT_S = 600;

const number = z.union([z.number(), z.string()]).optional();

const fieldsSchema = z.object({
  model: z.string().trim().regex(/^[a-z_][a-z0-9_.]*$/, 'the model is a name such as res.partner'),
  domain: z.unknown().optional(),
  fields: z.string().optional(),
  order: z.string().optional(),
  pageSize: number,
  mode: z.enum(['once', 'incremental']).optional(),
  cursorName: z.string().optional(),
  output: z.enum(['record', 'page']).optional(),
  advance: z.enum(['audited', 'sent']).optional(),
  auditTimeoutSeconds: number,
  settleSeconds: number,
  // Flows saved before the option have no value: off, as they behaved.
  includeArchived: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  // Flows saved before the option have none: keys as they were.
  keyPrefix: z.string().trim().regex(/^$|^[A-Za-z0-9_.-]+$/, 'the key prefix is letters, digits, _ . - (e.g. warehouse.vendor_bills)').optional(),
});
export type ReadFields = z.input<typeof fieldsSchema>;

export class ReadSettingsError extends Error {
  readonly code = 'MLC_ODOO_READ_SETTINGS';
  constructor(message: string) {
    super(message);
    this.name = 'ReadSettingsError';
  }
}

/** Default cursor name: stable across redeploys (the node id is), distinct per node and model. */
export function defaultCursorName(nodeId: string, model: string): string {
  return `odoo-read:${nodeId}:${model}`;
}

export function readSettingsFromNode(nodeId: string, raw: unknown): ReadSettings {
  const parsed = fieldsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReadSettingsError(`mlc-odoo-read: ${issue?.path.join('.') || 'settings'}: ${issue?.message ?? 'invalid'}`);
  }
  const f = parsed.data;
  const fields = (f.fields ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const badField = fields.find((name) => !/^[a-z_][a-z0-9_]*$/i.test(name));
  if (badField) throw new ReadSettingsError(`mlc-odoo-read: fields: ${JSON.stringify(badField)} is not a field name`);
  const order = f.order?.trim() || DEFAULT_ORDER;
  if (!/^[a-z_][a-z0-9_.]*(\s+(asc|desc))?(\s*,\s*[a-z_][a-z0-9_.]*(\s+(asc|desc))?)*$/i.test(order)) {
    throw new ReadSettingsError(`mlc-odoo-read: order: ${JSON.stringify(order)} is not like "name asc, id desc"`);
  }
  let domain: Domain;
  try {
    domain = parseDomain(f.domain ?? '', 'domain');
  } catch (err) {
    throw err instanceof DomainError ? new ReadSettingsError(`mlc-odoo-read: ${err.message}`) : err;
  }
  return {
    model: f.model,
    domain,
    fields: fields.length ? fields : undefined,
    order,
    pageSize: bounded(f.pageSize, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, Math.floor),
    mode: f.mode ?? 'once',
    cursorName: f.cursorName?.trim() || defaultCursorName(nodeId, f.model),
    output: f.output ?? 'record',
    advance: f.advance ?? 'audited',
    auditTimeoutMs: Math.round(bounded(f.auditTimeoutSeconds, DEFAULT_AUDIT_TIMEOUT_S, 0.05, 86_400, (n) => n) * 1000),
    settleSeconds: bounded(f.settleSeconds, 0, 0, 86_400, Math.floor),
    includeArchived: f.includeArchived === true || f.includeArchived === 'true',
    keyPrefix: f.keyPrefix ?? '',
  };
}

function bounded(value: string | number | undefined, fallback: number, min: number, max: number, round: (n: number) => number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? Math.min(max, Math.max(min, round(n))) : fallback;
}
