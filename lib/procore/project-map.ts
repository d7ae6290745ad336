// The project and cost-code map: which Procore project an Odoo analytic account stands for, and which
// Procore cost code and line item type an Odoo account (or product category) stands for. A table the
// integrator edits in the editor or loads from a message; checked against what Procore holds (projects
// and line item types of the company, cost codes of each project, read once per deploy or reload), so a
// record whose project or cost code Procore does not know fails with a clear error before any write.
//
// Cost codes are project-scoped in Procore: a row names a cost code by its code (e.g. "01-100"), and the
// code is resolved to the cost code id of the record's project.
import { z } from 'zod';
import { FieldPath } from '../mapping/paths';

// --- The table ------------------------------------------------------------------------------------

const cell = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const required = cell.pipe(z.string().min(1, 'must not be empty'));

export const MAP_ROW_KINDS = ['project', 'account', 'category', 'product'] as const;
export type MapRowKind = (typeof MAP_ROW_KINDS)[number];

/**
 * One row. `project`: Odoo analytic account (its code or name) → Procore project (its id, project
 * number or name). `account` / `category`: Odoo account code / product category (name or full path) →
 * Procore cost code (full code or code) and, optionally, line item type (code, name or id). `product`:
 * the same for one Odoo product (its internal reference or name), for lines that carry no account yet
 * (purchase order lines) and products without a telling category. `*` as the Odoo side of an account,
 * category or product row is the fallback for lines no other row of that kind matches.
 */
export const mapRowSchema = z.object({
  kind: z.enum(MAP_ROW_KINDS),
  odoo: required,
  project: cell.optional(),
  costCode: cell.optional(),
  lineItemType: cell.optional(),
});
export type MapRowInput = z.input<typeof mapRowSchema>;

export interface ProjectRow {
  kind: 'project';
  odoo: string;
  project: string;
}
export interface CostRow {
  kind: 'account' | 'category' | 'product';
  odoo: string;
  costCode: string;
  lineItemType: string | null;
}
export type MapRow = ProjectRow | CostRow;

export class ProjectMapError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ProjectMapError';
  }
}

/** Odoo's side is matched whatever its case and surrounding space. */
function norm(value: string): string {
  return value.trim().toLowerCase();
}

export class ProjectMap {
  readonly projects: ReadonlyMap<string, ProjectRow>;
  readonly accounts: ReadonlyMap<string, CostRow>;
  readonly categories: ReadonlyMap<string, CostRow>;
  readonly products: ReadonlyMap<string, CostRow>;

  constructor(readonly rows: readonly MapRow[]) {
    const projects = new Map<string, ProjectRow>();
    const accounts = new Map<string, CostRow>();
    const categories = new Map<string, CostRow>();
    const products = new Map<string, CostRow>();
    const tables: Record<MapRowKind, Map<string, MapRow>> = { project: projects, account: accounts, category: categories, product: products };
    for (const row of rows) {
      const table = tables[row.kind];
      const key = norm(row.odoo);
      if (table.has(key)) throw new ProjectMapError(`procore map: two ${row.kind} rows for Odoo ${JSON.stringify(row.odoo)}`, 'MLC_PROCORE_MAP_DUPLICATE_ROW');
      table.set(key, row);
    }
    this.projects = projects;
    this.accounts = accounts;
    this.categories = categories;
    this.products = products;
  }

  get size(): number {
    return this.rows.length;
  }

  projectRow(analytic: string): ProjectRow | undefined {
    return this.projects.get(norm(analytic));
  }

  /** The row for a line: its product first (the most specific), then its account, then its category, then a `*` row of the kinds the line has, then any `*` row. */
  costRow(account: string | null, category: string | null, product: string | null = null): CostRow | undefined {
    return (
      (product !== null ? this.products.get(norm(product)) : undefined) ??
      (account !== null ? this.accounts.get(norm(account)) : undefined) ??
      (category !== null ? (this.categories.get(norm(category)) ?? this.categories.get(norm(lastSegment(category)))) : undefined) ??
      (account !== null ? this.accounts.get('*') : undefined) ??
      (category !== null ? this.categories.get('*') : undefined) ??
      (product !== null ? this.products.get('*') : undefined) ??
      this.accounts.get('*') ??
      this.categories.get('*') ??
      this.products.get('*')
    );
  }
}

/** "All / Saleable / Concrete" → "Concrete": Odoo shows categories by their full path. */
function lastSegment(path: string): string {
  const parts = path.split('/');
  return parts[parts.length - 1] ?? path;
}

/** The table from the editor or from a message: an array of rows (objects), validated row by row. */
export function parseMapRows(raw: unknown, where: string): MapRow[] {
  if (!Array.isArray(raw)) throw new ProjectMapError(`procore map: ${where} must be an array of rows ({kind, odoo, project | costCode, lineItemType})`, 'MLC_PROCORE_MAP_BAD_TABLE');
  return raw.map((item, index) => {
    const parsed = mapRowSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ProjectMapError(`procore map: ${where} row ${index + 1}: ${issue ? `${issue.path.join('.') || 'row'} ${issue.message}` : 'invalid'}`, 'MLC_PROCORE_MAP_BAD_ROW');
    }
    const r = parsed.data;
    if (r.kind === 'project') {
      if (!r.project) throw new ProjectMapError(`procore map: ${where} row ${index + 1}: a project row needs the Procore project (id, number or name)`, 'MLC_PROCORE_MAP_BAD_ROW');
      return { kind: 'project', odoo: r.odoo, project: r.project };
    }
    if (!r.costCode) throw new ProjectMapError(`procore map: ${where} row ${index + 1}: an ${r.kind} row needs the Procore cost code`, 'MLC_PROCORE_MAP_BAD_ROW');
    return { kind: r.kind, odoo: r.odoo, costCode: r.costCode, lineItemType: r.lineItemType ? r.lineItemType : null };
  });
}

// --- What Procore holds ---------------------------------------------------------------------------

const procoreId = z.union([z.number(), z.string().min(1)]).transform(String);
const optText = z.string().nullish();

export const procoreProjectSchema = z.looseObject({ id: procoreId, name: optText, display_name: optText, project_number: optText, active: z.boolean().nullish() });
export const procoreCostCodeSchema = z.looseObject({ id: procoreId, code: optText, full_code: optText, name: optText });
export const procoreLineItemTypeSchema = z.looseObject({ id: procoreId, code: optText, name: optText, base_type: optText });
export type ProcoreProject = z.infer<typeof procoreProjectSchema>;
export type ProcoreCostCode = z.infer<typeof procoreCostCodeSchema>;
export type ProcoreLineItemType = z.infer<typeof procoreLineItemTypeSchema>;

/** Where the catalog comes from: the Procore client in the node, a fixed list in a unit test. */
export interface CatalogSource {
  projects(signal?: AbortSignal): Promise<ProcoreProject[]>;
  lineItemTypes(signal?: AbortSignal): Promise<ProcoreLineItemType[]>;
  costCodes(projectId: string, signal?: AbortSignal): Promise<ProcoreCostCode[]>;
}

/**
 * Projects, line item types and each used project's cost codes, each read once and kept until `reset`
 * (a redeploy, a new table, or a message that asks for it). A read that fails is forgotten, so the
 * next record tries again.
 */
export class ProcoreCatalog {
  private projectList: Promise<ProcoreProject[]> | null = null;
  private typeList: Promise<ProcoreLineItemType[]> | null = null;
  private readonly codeLists = new Map<string, Promise<ProcoreCostCode[]>>();
  /** How many lists were read from Procore (for status and tests). */
  reads = 0;

  constructor(private readonly source: CatalogSource) {}

  reset(): void {
    this.projectList = null;
    this.typeList = null;
    this.codeLists.clear();
  }

  projects(signal?: AbortSignal): Promise<ProcoreProject[]> {
    this.projectList ??= this.once(() => this.source.projects(signal), () => (this.projectList = null));
    return this.projectList;
  }

  lineItemTypes(signal?: AbortSignal): Promise<ProcoreLineItemType[]> {
    this.typeList ??= this.once(() => this.source.lineItemTypes(signal), () => (this.typeList = null));
    return this.typeList;
  }

  costCodes(projectId: string, signal?: AbortSignal): Promise<ProcoreCostCode[]> {
    let list = this.codeLists.get(projectId);
    if (!list) {
      list = this.once(() => this.source.costCodes(projectId, signal), () => this.codeLists.delete(projectId));
      this.codeLists.set(projectId, list);
    }
    return list;
  }

  private once<T>(read: () => Promise<T>, forget: () => void): Promise<T> {
    this.reads++;
    const promise = read();
    promise.catch(forget);
    return promise;
  }
}

/** A project row's Procore side: an id, else a project number, else a name (display name too). */
export function findProject(projects: readonly ProcoreProject[], wanted: string): ProcoreProject | undefined {
  const w = norm(wanted);
  return (
    projects.find((p) => p.id === wanted) ??
    projects.find((p) => p.project_number !== null && p.project_number !== undefined && norm(p.project_number) === w) ??
    projects.find((p) => (p.name && norm(p.name) === w) || (p.display_name && norm(p.display_name) === w))
  );
}

/** A cost code by its full code (with parent prefixes), else its code, else its id. */
export function findCostCode(codes: readonly ProcoreCostCode[], wanted: string): ProcoreCostCode | undefined {
  const w = norm(wanted);
  return codes.find((c) => c.full_code && norm(c.full_code) === w) ?? codes.find((c) => c.code && norm(c.code) === w) ?? codes.find((c) => c.id === wanted);
}

/** A line item type (cost type) by code, else name, else id. */
export function findLineItemType(types: readonly ProcoreLineItemType[], wanted: string): ProcoreLineItemType | undefined {
  const w = norm(wanted);
  return types.find((t) => t.code && norm(t.code) === w) ?? types.find((t) => t.name && norm(t.name) === w) ?? types.find((t) => t.id === wanted);
}

// --- Checking the whole table ----------------------------------------------------------------------

export interface MapProblem {
  row: MapRow;
  /** The Procore project the problem is in (cost codes only). */
  projectId?: string;
  message: string;
}

export interface MapCheck {
  projects: number;
  costRows: number;
  problems: MapProblem[];
}

/**
 * Every row against Procore: each project row's project exists, each line item type exists, and each
 * cost row's cost code exists in every mapped project. Reads through the catalog (so once per deploy).
 */
export async function checkMap(map: ProjectMap, catalog: ProcoreCatalog, signal?: AbortSignal): Promise<MapCheck> {
  const problems: MapProblem[] = [];
  const projects = await catalog.projects(signal);
  const found: ProcoreProject[] = [];
  for (const row of map.projects.values()) {
    const project = findProject(projects, row.project);
    if (project) found.push(project);
    else problems.push({ row, message: `Odoo analytic ${JSON.stringify(row.odoo)} → Procore project ${JSON.stringify(row.project)}: no such project in the company (or the service account may not see it)` });
  }
  const costRows = [...map.accounts.values(), ...map.categories.values(), ...map.products.values()];
  if (costRows.some((row) => row.lineItemType !== null)) {
    const types = await catalog.lineItemTypes(signal);
    for (const row of costRows) {
      if (row.lineItemType !== null && !findLineItemType(types, row.lineItemType)) {
        problems.push({ row, message: `Odoo ${row.kind} ${JSON.stringify(row.odoo)} → line item type ${JSON.stringify(row.lineItemType)}: no such line item type in the company` });
      }
    }
  }
  const unique = [...new Map(found.map((p) => [p.id, p])).values()];
  for (const project of unique) {
    if (costRows.length === 0) break;
    const codes = await catalog.costCodes(project.id, signal);
    for (const row of costRows) {
      if (!findCostCode(codes, row.costCode)) {
        problems.push({ row, projectId: project.id, message: `Odoo ${row.kind} ${JSON.stringify(row.odoo)} → cost code ${JSON.stringify(row.costCode)}: not in project ${projectLabel(project)}` });
      }
    }
  }
  return { projects: unique.length, costRows: costRows.length, problems };
}

function projectLabel(project: ProcoreProject): string {
  return `${project.id}${project.project_number ? ` (${project.project_number})` : project.name ? ` (${project.name})` : ''}`;
}

// --- Resolving one record ------------------------------------------------------------------------

/** Where the Odoo references sit in a record, and where the Procore ids go (dotted paths). */
export interface MapFields {
  /** The Odoo analytic account (code or name) of the record, e.g. `analytic`. */
  projectRef: string;
  /** The array of lines, e.g. `line_items`; empty: the record has no lines. */
  lines: string;
  /** In each line: the Odoo account code, e.g. `account`. */
  accountRef: string;
  /** In each line: the Odoo product category, e.g. `category`. */
  categoryRef: string;
  /** In each line: the Odoo product (internal reference or name), e.g. `product`. */
  productRef: string;
}

export const DEFAULT_MAP_FIELDS: MapFields = { projectRef: 'analytic', lines: 'line_items', accountRef: 'account', categoryRef: 'category', productRef: 'product' };

/** What the resolution adds: `project_id` on the record, `cost_code_id` and `line_item_type_id` on each line. */
export interface Resolution {
  record: Record<string, unknown>;
  project: { id: string; name: string | null; projectNumber: string | null; analytic: string };
  lines: Array<{ index: number; costCodeId: string; costCode: string; lineItemTypeId: string | null; lineItemType: string | null }>;
}

function refText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number') return String(value);
  // Odoo many2one as read: [id, "display name"].
  if (Array.isArray(value) && value.length === 2 && typeof value[1] === 'string') return value[1].trim() || null;
  return null;
}

/**
 * The record with the Procore ids of its project and of each line's cost code and line item type, or
 * a ProjectMapError naming what is unknown (all of the record's unknown lines at once). The record is
 * not changed; a copy is returned.
 */
export async function resolveRecord(map: ProjectMap, catalog: ProcoreCatalog, record: unknown, fields: MapFields, signal?: AbortSignal): Promise<Resolution> {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) throw new ProjectMapError('procore map: msg.payload must be one record (an object)', 'MLC_PROCORE_MAP_BAD_RECORD');
  const source = record as Record<string, unknown>;
  const analytic = refText(new FieldPath(fields.projectRef).read(source));
  if (analytic === null) throw new ProjectMapError(`procore map: the record has no Odoo analytic account at ${fields.projectRef}, so no Procore project`, 'MLC_PROCORE_MAP_NO_PROJECT');
  const row = map.projectRow(analytic);
  if (!row) throw new ProjectMapError(`procore map: Odoo analytic account ${JSON.stringify(analytic)} has no Procore project in the map; add a project row for it`, 'MLC_PROCORE_MAP_UNMAPPED_PROJECT');
  const project = findProject(await catalog.projects(signal), row.project);
  if (!project) throw new ProjectMapError(`procore map: Odoo analytic account ${JSON.stringify(analytic)} maps to Procore project ${JSON.stringify(row.project)}, which Procore does not have (or the service account may not see)`, 'MLC_PROCORE_MAP_UNKNOWN_PROJECT');

  // The Odoo references give way to the Procore ids: sent on, Procore would ignore them, and the write
  // would see them as a difference from what Procore holds on every run.
  const out: Record<string, unknown> = { ...source, project_id: project.id };
  new FieldPath(fields.projectRef).remove(out, true);
  const resolution: Resolution = { record: out, project: { id: project.id, name: project.name ?? null, projectNumber: project.project_number ?? null, analytic }, lines: [] };
  if (fields.lines === '') return resolution;
  const linesPath = new FieldPath(fields.lines);
  const lines = linesPath.read(source);
  if (lines === undefined || lines === null) return resolution;
  if (!Array.isArray(lines)) throw new ProjectMapError(`procore map: ${fields.lines} is not a list of lines`, 'MLC_PROCORE_MAP_BAD_RECORD');
  const accountPath = new FieldPath(fields.accountRef);
  const categoryPath = new FieldPath(fields.categoryRef);
  const productPath = new FieldPath(fields.productRef);
  const problems: string[] = [];
  let codes: ProcoreCostCode[] | null = null;
  let types: ProcoreLineItemType[] | null = null;
  const outLines: unknown[] = [];
  for (const [index, line] of lines.entries()) {
    if (line === null || typeof line !== 'object' || Array.isArray(line)) {
      problems.push(`line ${index + 1} is not an object`);
      outLines.push(line);
      continue;
    }
    const account = refText(accountPath.read(line));
    const category = refText(categoryPath.read(line));
    const product = refText(productPath.read(line));
    const cost = map.costRow(account, category, product);
    const what =
      [product !== null ? `product ${JSON.stringify(product)}` : null, account !== null ? `account ${JSON.stringify(account)}` : null, category !== null ? `category ${JSON.stringify(category)}` : null].filter(Boolean).join(', ') ||
      'no product, account or category';
    if (!cost) {
      problems.push(`line ${index + 1} (${what}) has no cost code row`);
      outLines.push(line);
      continue;
    }
    codes ??= await catalog.costCodes(project.id, signal);
    const code = findCostCode(codes, cost.costCode);
    let type: ProcoreLineItemType | undefined;
    if (cost.lineItemType !== null) {
      types ??= await catalog.lineItemTypes(signal);
      type = findLineItemType(types, cost.lineItemType);
    }
    if (!code) problems.push(`line ${index + 1} (${what}): cost code ${JSON.stringify(cost.costCode)} is not in Procore project ${projectLabel(project)}`);
    if (cost.lineItemType !== null && !type) problems.push(`line ${index + 1} (${what}): line item type ${JSON.stringify(cost.lineItemType)} is not in Procore`);
    if (!code || (cost.lineItemType !== null && !type)) {
      outLines.push(line);
      continue;
    }
    const mappedLine: Record<string, unknown> = { ...(line as Record<string, unknown>), cost_code_id: code.id, ...(type ? { line_item_type_id: type.id } : {}) };
    for (const ref of [accountPath, categoryPath, productPath]) ref.remove(mappedLine, true);
    outLines.push(mappedLine);
    resolution.lines.push({ index, costCodeId: code.id, costCode: code.full_code ?? code.code ?? cost.costCode, lineItemTypeId: type?.id ?? null, lineItemType: type ? (type.code ?? type.name ?? cost.lineItemType) : null });
  }
  if (problems.length > 0) {
    const unmapped = problems.every((p) => p.endsWith('has no cost code row'));
    throw new ProjectMapError(`procore map: ${problems.join('; ')}`, unmapped ? 'MLC_PROCORE_MAP_UNMAPPED_COST' : 'MLC_PROCORE_MAP_UNKNOWN_COST_CODE');
  }
  linesPath.write(out, outLines, true);
  return resolution;
}
