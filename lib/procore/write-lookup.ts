// How mlc-procore-write finds what a record is in Procore and what would change, shared by the writer
// (writer.ts), which then writes, and the planner (write-plan.ts), which only says what it would write:
// one lookup, so a plan finds records exactly as the run that posts it will.
import type { PlanFieldChange } from '../plan/plan';
import { idValue, type ProcoreClient } from './client';
import type { ProcoreCommitment, ProcoreCostCodeRecord, ProcoreDirectCost, ProcoreLineItem, ProcoreVendor } from './records';
import type { CommitmentWrite, CostCodeWrite, DirectCostWrite } from './write-input';

/** Procore would refuse the record, or the pack will not send it: failed with this code, nothing written. */
export class WriteRefusal extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value) : undefined;
}

/** Same value as Procore holds it: money comes back as "50000.00", ids as numbers, absent as null. */
function same(want: unknown, have: unknown): boolean {
  if (want === undefined) return true;
  if (want === null || have === null || have === undefined) return (want ?? null) === (have ?? null) || (want === '' && have == null);
  const wn = numberOf(want);
  const hn = numberOf(have);
  if (wn !== undefined && hn !== undefined) return Math.abs(wn - hn) < 1e-9;
  if (typeof want === 'object' || typeof have === 'object') return JSON.stringify(want) === JSON.stringify(have);
  return String(want) === String(have);
}

/** Procore answers references as objects (`cost_code: {id}`): `cost_code_id` is compared with either. */
function held(record: Readonly<Record<string, unknown>>, field: string): unknown {
  if (field in record) return record[field];
  const m = /^(.*)_id$/.exec(field);
  if (m) {
    const ref = record[m[1] as string];
    if (ref && typeof ref === 'object' && 'id' in ref) return (ref as { id: unknown }).id;
  }
  return undefined;
}

/** A value the write sends, as Procore would hold it: money in the decimal string form Procore answers with ("150.00"). */
function asStored(want: unknown, have: unknown): unknown {
  const wn = numberOf(want);
  if (wn !== undefined && typeof have === 'string' && DECIMAL.test(have.trim())) return wn.toFixed(have.split('.')[1]?.length ?? 0);
  if (wn !== undefined && typeof have === 'number') return wn;
  return want;
}

/** The fields of `want` that Procore holds otherwise in `have`, each with its value now and after the write; `prefix` names lines. */
export function changedFields(want: Readonly<Record<string, unknown>>, have: Readonly<Record<string, unknown>>, prefix = ''): PlanFieldChange[] {
  const changes: PlanFieldChange[] = [];
  for (const [field, value] of Object.entries(want)) {
    const old = held(have, field);
    if (!same(value, old)) changes.push({ field: `${prefix}${field}`, old: old ?? null, new: asStored(value, old) });
  }
  return changes;
}

/** What a create sets: every field, with no old value. */
export function createdFields(want: Readonly<Record<string, unknown>>, prefix = ''): PlanFieldChange[] {
  return Object.entries(want)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => ({ field: `${prefix}${field}`, old: null, new: value }));
}

/** Ids in a JSON body as numbers when they fit (Procore's own type), else decimal strings. */
export function withIds(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) out[k] = /_id$/.test(k) && k !== 'origin_id' && typeof v === 'string' ? idValue(v) : v;
  return out;
}

const lineLabel = (origin: string): string => `line_items[${origin}]`;

/** How a line is shown when it is added or removed: what the record sets, or what Procore holds of those fields. */
function lineShown(line: Readonly<Record<string, unknown>>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, held(line, field) ?? null]));
}

export interface LineWork {
  create: Array<Record<string, unknown>>;
  update: Array<{ body: Record<string, unknown>; have: ProcoreLineItem }>;
  /** Lines of ours (with an origin_id) that the record no longer has. */
  remove: ProcoreLineItem[];
  /** Per line field, named `line_items[<origin_id>].<field>` (a whole line for one added or removed). */
  changes: PlanFieldChange[];
}

/** A record's lines against the ones Procore has, matched by origin_id; lines without one (made in Procore) are not ours. */
export function lineWork(lines: ReadonlyArray<Record<string, unknown> & { origin_id: string }>, existing: readonly ProcoreLineItem[]): LineWork {
  const byOrigin = new Map(existing.filter((l) => l.origin_id).map((l) => [String(l.origin_id), l]));
  const work: LineWork = { create: [], update: [], remove: [], changes: [] };
  for (const line of lines) {
    const body = withIds(line);
    const have = byOrigin.get(line.origin_id);
    if (!have) {
      work.create.push(body);
      work.changes.push({ field: lineLabel(line.origin_id), old: null, new: body });
      continue;
    }
    const changed = changedFields(body, have as Record<string, unknown>, `${lineLabel(line.origin_id)}.`);
    if (changed.length > 0) {
      work.update.push({ body, have });
      work.changes.push(...changed);
    }
  }
  const wanted = new Set(lines.map((l) => l.origin_id));
  const shownFields = [...new Set(lines.flatMap((l) => Object.keys(l)))];
  for (const [origin, line] of byOrigin) {
    if (wanted.has(origin)) continue;
    work.remove.push(line);
    work.changes.push({ field: lineLabel(origin), old: lineShown(line as Record<string, unknown>, shownFields.length ? shownFields : ['origin_id', 'amount']), new: null });
  }
  return work;
}

// ---- vendors ----

/** The origin_code a vendor body links by: only a body without a Procore id. */
function originCodeOf(body: Readonly<Record<string, unknown>>): string | null {
  return body['id'] === undefined && typeof body['origin_code'] === 'string' && body['origin_code'].trim() !== '' ? body['origin_code'].trim() : null;
}

/**
 * A vendor that names an `origin_code` (the Odoo reference) and whose origin_id Procore does not hold
 * yet is linked to the Procore vendor that has that code and no origin_id (entered by hand, or
 * imported before the integration); each directory vendor links one body at most. Per body, the
 * vendor it links to, for the bodies `asks` names.
 */
export function vendorLinks(bodies: ReadonlyArray<Readonly<Record<string, unknown>>>, directory: readonly ProcoreVendor[], asks: (i: number) => boolean): Array<ProcoreVendor | undefined> {
  const claimed = new Set<string>();
  return bodies.map((body, i) => {
    const code = originCodeOf(body);
    if (code === null || !asks(i)) return undefined;
    const match = directory.find((v) => v.origin_code === code && !v.origin_id && !claimed.has(v.id));
    if (match) claimed.add(match.id);
    return match;
  });
}

/** Whether a vendor body could link by origin_code (so the directory is worth reading for it). */
export function mayLink(body: Readonly<Record<string, unknown>>): boolean {
  return originCodeOf(body) !== null;
}

// ---- cost codes ----

export type CostCodeMatch =
  | { kind: 'theirs'; code: ProcoreCostCodeRecord }
  | { kind: 'found'; code: ProcoreCostCodeRecord }
  | { kind: 'new'; segment: string; parent: ProcoreCostCodeRecord | null };

export const fullCodeOf = (c: ProcoreCostCodeRecord): string => c.full_code ?? c.code ?? '';

/**
 * A cost code among the project's: by origin_id (ours), else by full code (one made in Procore, left
 * as it is), else new under its parent (the code up to the last `-`, which must exist). Throws the
 * refusal for a code moved under our origin_id or a parent the project lacks.
 */
export function matchCostCode(request: CostCodeWrite, known: readonly ProcoreCostCodeRecord[]): CostCodeMatch {
  const { projectId, originId, fullCode } = request;
  const found = known.find((c) => c.origin_id === originId);
  const theirs = found ? undefined : known.find((c) => fullCodeOf(c) === fullCode);
  if (theirs) return { kind: 'theirs', code: theirs };
  if (found) {
    if (fullCodeOf(found) !== fullCode) throw new WriteRefusal(`cost code ${fullCodeOf(found)} has origin_id ${originId} but the record names ${fullCode}; a code is the key and is not changed by a sync (change it in Procore, or give the record a new origin_id)`, 'MLC_PROCORE_COST_CODE_MOVED');
    return { kind: 'found', code: found };
  }
  const cut = fullCode.lastIndexOf('-');
  const parentCode = cut < 0 ? null : fullCode.slice(0, cut);
  const parent = parentCode === null ? null : known.find((c) => fullCodeOf(c) === parentCode);
  if (parentCode !== null && !parent) throw new WriteRefusal(`project ${projectId} has no cost code ${parentCode} to hold ${fullCode}; add it in Procore (or send it first), then replay`, 'MLC_PROCORE_COST_CODE_PARENT_UNKNOWN');
  return { kind: 'new', segment: cut < 0 ? fullCode : fullCode.slice(cut + 1), parent: parent ?? null };
}

/** Divisions before their codes: a batch's codes in the order they can be made. */
export function costCodeOrder<T extends { request: CostCodeWrite }>(codes: readonly T[]): Array<T & { k: number }> {
  return codes.map((c, k) => ({ ...c, k })).sort((a, b) => a.request.fullCode.split('-').length - b.request.fullCode.split('-').length);
}

// ---- purchase orders and vendor bills ----

export interface FoundCommitment {
  header: Record<string, unknown>;
  found: ProcoreCommitment | undefined;
}

export interface FoundDirectCost {
  header: Record<string, unknown>;
  lines: Array<Record<string, unknown>>;
  /** The direct cost as Procore shows it, with its lines (absent: none has the origin_id). */
  found: ProcoreDirectCost | undefined;
}

/** The look-ups before a purchase order or bill is written: its vendor's Procore id, then the record by origin_id. */
export class ProcoreLookup {
  /** Vendor ids by origin_id, for bills and POs that name their vendor by its Odoo id. */
  readonly vendorIds = new Map<string, string>();

  constructor(private readonly client: ProcoreClient) {}

  async vendorId(request: CommitmentWrite | DirectCostWrite, signal?: AbortSignal): Promise<string | undefined> {
    if (request.vendorId !== undefined) return request.vendorId;
    if (request.vendorOriginId === undefined) return undefined;
    const known = this.vendorIds.get(request.vendorOriginId);
    if (known) return known;
    const vendor = await this.client.findVendor(request.vendorOriginId, signal);
    if (!vendor) throw new WriteRefusal(`no Procore vendor has origin_id ${request.vendorOriginId} (write the vendors first)`, 'MLC_PROCORE_VENDOR_UNKNOWN');
    this.vendorIds.set(request.vendorOriginId, vendor.id);
    return vendor.id;
  }

  async commitment(request: CommitmentWrite, signal?: AbortSignal): Promise<FoundCommitment> {
    const vendorId = await this.vendorId(request, signal);
    const header = withIds({ ...request.header, ...(vendorId !== undefined ? { vendor_id: vendorId } : {}) });
    return { header, found: await this.client.findCommitment(request.projectId, request.originId, signal) };
  }

  async directCost(request: DirectCostWrite, signal?: AbortSignal): Promise<FoundDirectCost> {
    const { projectId, originId } = request;
    const vendorId = await this.vendorId(request, signal);
    const header = withIds({ ...request.header, direct_cost_type: 'invoice', ...(vendorId !== undefined ? { vendor_id: vendorId } : {}) });
    const listed = await this.client.findDirectCost(projectId, originId, signal);
    // The list does not carry lines: the record itself is read for them.
    const found = listed ? await this.client.getDirectCost(projectId, listed.id, signal) : undefined;
    return { header, lines: request.lines.map(withIds), found };
  }
}

/** What updating a found direct cost would change: its header (direct_cost_type can only be set on create) and its lines. */
export function directCostChanges(header: Readonly<Record<string, unknown>>, lines: ReadonlyArray<Record<string, unknown>>, found: ProcoreDirectCost): { changeable: Record<string, unknown>; header: PlanFieldChange[]; lines: PlanFieldChange[] } {
  const { direct_cost_type: _type, ...changeable } = header;
  const have = (found.line_items ?? []) as ProcoreLineItem[];
  const work = lineWork(lines as Array<Record<string, unknown> & { origin_id: string }>, have);
  return { changeable, header: changedFields(changeable, found as Record<string, unknown>), lines: work.changes };
}
