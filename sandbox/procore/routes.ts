import { empty, json, type Router, type SandboxRequest } from '../kit';
import { announce, authorize, companyParam, projectAccess, projectParam, type Caller, type RouteContext } from './access';
import { assign, costCodeFields, directCostFields, jsonBody, lineFields, lineItemTypeFields, purchaseOrderFields, vendorFields, wrapper, type CostCodeFields, type DirectCostFields, type LineFields, type LineItemTypeFields, type PurchaseOrderFields, type VendorFields } from './input';
import type { ContractLine, CostCode, DirectCost, DirectCostLine, LineItemType, Project, PurchaseOrder, Vendor } from './model';
import { renderContractLine, renderCostCode, renderDirectCost, renderDirectCostLine, renderLineItemType, renderProject, renderPurchaseOrder, renderRequisition, renderVendor } from './render';
import { runSync } from './sync';
import { applyFilters, deletedFilter, notFound, paged, parseFilters, sorted, stamp, toCents, validationError, type FilterSpec } from './wire';

const V10 = '/rest/v1.0';
const V11 = '/rest/v1.1';

type Errors = Record<string, string[]>;

const timeFilters = <T extends { created_at: string; updated_at: string }>(): FilterSpec<T> => ({
  created_at: { kind: 'time', get: (r) => r.created_at },
  updated_at: { kind: 'time', get: (r) => r.updated_at },
});

/**
 * The REST API (C.9) under `/rest/v1.0` and, where Procore has them, `/rest/v1.1` (projects,
 * requisitions, direct costs). Everything else under `/rest/v1.1` is a 404, as an unknown version is.
 */
export function registerRestApi(router: Router, ctx: RouteContext): void {
  const { state } = ctx;
  const now = (): string => stamp(ctx.clock().nowMs());
  const page = (request: SandboxRequest, items: readonly unknown[]) => paged(request, items, ctx.options());
  const op = (request: SandboxRequest, operation: string): void => request.annotate({ operation });

  // ------------------------------------------------------------------------------------ me, companies
  router.get(`${V10}/me`, (request) => {
    op(request, 'me');
    const caller = authorize(request, ctx, ctx.options().companyHeaderOnMeAndCompanies === 'optional');
    return json({ id: caller.account.userId, login: caller.account.login, name: caller.account.name });
  });
  router.get(`${V10}/companies`, (request) => {
    op(request, 'companies.list');
    const caller = authorize(request, ctx, ctx.options().companyHeaderOnMeAndCompanies === 'optional');
    const companies = state.companies.filter((c) => caller.account.companies.includes(c.id)).map((c) => ({ id: c.id, name: c.name, is_active: c.is_active, logo_url: null, pcn_business_experience: false, my_company: true }));
    return page(request, companies);
  });

  // ----------------------------------------------------------------------------------------- projects
  const projectFilters: FilterSpec<Project> = {
    ...timeFilters<Project>(),
    id: { kind: 'id', get: (p) => p.id },
    origin_id: { kind: 'string', get: (p) => p.origin_id },
    project_number: { kind: 'string', get: (p) => p.project_number },
    by_status: { kind: 'string', get: (p) => (p.active ? 'Active' : 'Inactive') },
  };
  const listProjects = (request: SandboxRequest, caller: Caller, companyId: number): Project[] => {
    const filters = parseFilters(request.query);
    const status = filters.get('by_status');
    if (status?.kind === 'values' && status.values.includes('All')) filters.delete('by_status');
    else if (!status) filters.set('by_status', { kind: 'values', values: ['Active'] });
    // A service account sees only the projects it was permitted on.
    const visible = state.projects.filter((p) => p.company_id === companyId && caller.account.projects.includes(p.id));
    return sorted(request, applyFilters(visible, filters, projectFilters));
  };
  const viewOf = (request: SandboxRequest): 'compact' | 'normal' | 'extended' => {
    const view = request.query.get('view') ?? request.query.get('serializer_view');
    return view === 'compact' || view === 'extended' ? view : 'normal';
  };
  router.get(`${V10}/projects`, (request) => {
    op(request, 'projects.list');
    const caller = authorize(request, ctx);
    const companyId = companyParam(request, ctx, caller);
    return page(request, listProjects(request, caller, companyId).map((p) => renderProject(state, p, viewOf(request))));
  });
  router.get(`${V11}/projects`, (request) => {
    op(request, 'projects.list');
    const caller = authorize(request, ctx);
    const companyId = companyParam(request, ctx, caller);
    return page(request, listProjects(request, caller, companyId).map((p) => renderProject(state, p, viewOf(request))));
  });
  router.get(`${V10}/companies/:company_id/projects`, (request) => {
    op(request, 'projects.list');
    const caller = authorize(request, ctx);
    const companyId = companyParam(request, ctx, caller, { company_id: request.params.company_id });
    return page(request, listProjects(request, caller, companyId).map((p) => renderProject(state, p, 'compact')));
  });
  router.get(`${V10}/projects/:id`, (request) => {
    op(request, 'projects.get');
    const caller = authorize(request, ctx);
    return json(renderProject(state, projectAccess(request, ctx, caller, request.params.id), viewOf(request)));
  });

  // ------------------------------------------------------------------------------------------ vendors
  const vendorFilterSpec: FilterSpec<Vendor> = {
    ...timeFilters<Vendor>(),
    id: { kind: 'id', get: (v) => v.id },
    origin_id: { kind: 'string', get: (v) => v.origin_id },
    origin_code: { kind: 'string', get: (v) => v.origin_code },
  };
  const companyVendors = (companyId: number): Vendor[] => state.vendors.filter((v) => v.company_id === companyId);
  const createVendor = (companyId: number, fields: VendorFields): Vendor | Errors => {
    if (!fields.name?.trim()) return { name: ["can't be blank"] };
    if (fields.origin_id && companyVendors(companyId).some((v) => v.origin_id === fields.origin_id)) return { origin_id: ['has already been taken'] };
    const at = now();
    const vendor: Vendor = {
      id: state.nextId('vendor'), company_id: companyId, name: fields.name.trim(), abbreviated_name: null, trade_name: null, legal_name: null, address: null, city: null, state_code: null, country_code: null, zip: null,
      business_phone: null, mobile_phone: null, fax_number: null, email_address: null, website: null, license_number: null, notes: null, is_active: true, prequalified: false,
      origin_id: null, origin_code: null, origin_data: null, synced_to_erp: false, created_at: at, updated_at: at,
    };
    assign(vendor, fields as Partial<Vendor>);
    if (vendor.origin_id) vendor.synced_to_erp = true;
    state.vendors.push(vendor);
    return vendor;
  };
  const updateVendor = (vendor: Vendor, fields: VendorFields): boolean | Errors => {
    if (fields.name !== undefined && !fields.name.trim()) return { name: ["can't be blank"] };
    const changed = assign(vendor, fields as Partial<Vendor>);
    if (changed) {
      if (vendor.origin_id) vendor.synced_to_erp = true;
      vendor.updated_at = now();
    }
    return changed;
  };
  const vendorEvent = (caller: Caller, vendor: Vendor, kind: 'create' | 'update'): void =>
    announce(ctx, caller, { resourceName: 'Company Vendors', resourceId: vendor.id, eventType: kind, companyId: vendor.company_id, projectId: null });

  router.get(`${V10}/vendors`, (request) => {
    op(request, 'vendors.list');
    const caller = authorize(request, ctx);
    const companyId = companyParam(request, ctx, caller);
    const filters = parseFilters(request.query);
    let vendors = applyFilters(companyVendors(companyId).filter((v) => v.is_active), filters, vendorFilterSpec);
    const search = filters.get('search');
    if (search?.kind === 'values') vendors = vendors.filter((v) => v.name.toLowerCase().includes((search.values[0] ?? '').toLowerCase()));
    return page(request, sorted(request, vendors).map((v) => renderVendor(state, v)));
  });
  router.get(`${V10}/companies/:company_id/vendors/inactive`, (request) => {
    op(request, 'vendors.inactive');
    const caller = authorize(request, ctx);
    const companyId = companyParam(request, ctx, caller, { company_id: request.params.company_id });
    return page(request, sorted(request, companyVendors(companyId).filter((v) => !v.is_active)).map((v) => renderVendor(state, v)));
  });
  router.patch(`${V10}/vendors/sync`, async (request) => {
    op(request, 'vendors.sync');
    const caller = authorize(request, ctx);
    const body = await jsonBody(request);
    const companyId = companyParam(request, ctx, caller, body);
    return json(
      runSync(body.updates, {
        schema: vendorFields,
        records: () => companyVendors(companyId),
        create: (fields) => createVendor(companyId, fields),
        update: updateVendor,
        render: (v) => renderVendor(state, v),
        changed: (v, kind) => vendorEvent(caller, v, kind),
      }),
    );
  });
  router.get(`${V10}/vendors/:id`, (request) => {
    op(request, 'vendors.get');
    const caller = authorize(request, ctx);
    const companyId = companyParam(request, ctx, caller);
    const vendor = companyVendors(companyId).find((v) => v.id === Number(request.params.id));
    if (!vendor) throw notFound('Vendor');
    return json(renderVendor(state, vendor));
  });
  router.post(`${V10}/vendors`, async (request) => {
    op(request, 'vendors.create');
    const caller = authorize(request, ctx);
    const body = await jsonBody(request);
    const companyId = companyParam(request, ctx, caller, body);
    const created = createVendor(companyId, wrapper(body, 'vendor', vendorFields));
    if (!('id' in created)) throw validationError(created.origin_id ? 409 : 422, created as Errors);
    vendorEvent(caller, created as Vendor, 'create');
    return json(renderVendor(state, created as Vendor), { status: 201 });
  });
  router.patch(`${V10}/vendors/:id`, async (request) => {
    op(request, 'vendors.update');
    const caller = authorize(request, ctx);
    const body = await jsonBody(request);
    const companyId = companyParam(request, ctx, caller, body);
    const vendor = companyVendors(companyId).find((v) => v.id === Number(request.params.id));
    if (!vendor) throw notFound('Vendor');
    const fields = wrapper(body, 'vendor', vendorFields);
    if (fields.origin_id && companyVendors(companyId).some((v) => v !== vendor && v.origin_id === fields.origin_id)) throw validationError(409, { origin_id: ['has already been taken'] });
    const outcome = updateVendor(vendor, fields);
    if (typeof outcome === 'object') throw validationError(422, outcome);
    if (outcome) vendorEvent(caller, vendor, 'update');
    return json(renderVendor(state, vendor));
  });

  // ------------------------------------------------------------------------------- line item types
  const companyTypes = (companyId: number): LineItemType[] => state.lineItemTypes.filter((t) => t.company_id === companyId);
  const createType = (companyId: number, fields: LineItemTypeFields): LineItemType | Errors => {
    const errors: Errors = {};
    if (!fields.name?.trim()) errors.name = ["can't be blank"];
    if (!fields.code?.trim()) errors.code = ["can't be blank"];
    else if (companyTypes(companyId).some((t) => t.code === fields.code)) errors.code = ['has already been taken'];
    if (fields.origin_id && companyTypes(companyId).some((t) => t.origin_id === fields.origin_id)) errors.origin_id = ['has already been taken'];
    if (Object.keys(errors).length > 0) return errors;
    const type: LineItemType = { id: state.nextId('lineItemType'), company_id: companyId, name: '', code: '', base_type: 'other', origin_id: null, origin_data: null, updated_at: now() };
    assign(type, fields as Partial<LineItemType>);
    state.lineItemTypes.push(type);
    return type;
  };
  const updateType = (type: LineItemType, fields: LineItemTypeFields): boolean | Errors => {
    if (fields.code !== undefined && companyTypes(type.company_id).some((t) => t !== type && t.code === fields.code)) return { code: ['has already been taken'] };
    const changed = assign(type, fields as Partial<LineItemType>);
    if (changed) type.updated_at = now();
    return changed;
  };
  const typeFilterSpec: FilterSpec<LineItemType> = { id: { kind: 'id', get: (t) => t.id }, origin_id: { kind: 'string', get: (t) => t.origin_id }, code: { kind: 'string', get: (t) => t.code }, updated_at: { kind: 'time', get: (t) => t.updated_at } };
  router.get(`${V10}/line_item_types`, (request) => {
    op(request, 'line_item_types.list');
    const caller = authorize(request, ctx);
    const companyId = companyParam(request, ctx, caller);
    return page(request, sorted(request, applyFilters(companyTypes(companyId), parseFilters(request.query), typeFilterSpec)).map(renderLineItemType));
  });
  router.patch(`${V10}/line_item_types/sync`, async (request) => {
    op(request, 'line_item_types.sync');
    const caller = authorize(request, ctx);
    const body = await jsonBody(request);
    const companyId = companyParam(request, ctx, caller, body);
    return json(runSync(body.updates, { schema: lineItemTypeFields, records: () => companyTypes(companyId), create: (f) => createType(companyId, f), update: updateType, render: renderLineItemType, changed: () => state.touch() }));
  });
  router.post(`${V10}/line_item_types`, async (request) => {
    op(request, 'line_item_types.create');
    const caller = authorize(request, ctx);
    const body = await jsonBody(request);
    const companyId = companyParam(request, ctx, caller, body);
    const created = createType(companyId, wrapper(body, 'line_item_type', lineItemTypeFields));
    if (!('id' in created)) throw validationError(422, created as Errors);
    state.touch();
    return json(renderLineItemType(created as LineItemType), { status: 201 });
  });
  router.patch(`${V10}/line_item_types/:id`, async (request) => {
    op(request, 'line_item_types.update');
    const caller = authorize(request, ctx);
    const body = await jsonBody(request);
    const companyId = companyParam(request, ctx, caller, body);
    const type = companyTypes(companyId).find((t) => t.id === Number(request.params.id));
    if (!type) throw notFound('Line Item Type');
    const outcome = updateType(type, wrapper(body, 'line_item_type', lineItemTypeFields));
    if (typeof outcome === 'object') throw validationError(422, outcome);
    if (outcome) state.touch();
    return json(renderLineItemType(type));
  });

  // -------------------------------------------------------------------------------------- cost codes
  const projectCodes = (projectId: number): CostCode[] => state.costCodes.filter((c) => c.project_id === projectId);
  const createCode = (project: Project, fields: CostCodeFields): CostCode | Errors => {
    const errors: Errors = {};
    if (!fields.code?.trim()) errors.code = ["can't be blank"];
    if (!fields.name?.trim()) errors.name = ["can't be blank"];
    const parentId = fields.parent_id ?? null;
    if (parentId !== null && !projectCodes(project.id).some((c) => c.id === parentId)) errors.parent_id = ['is invalid'];
    if (fields.code && projectCodes(project.id).some((c) => c.deleted_at === null && c.parent_id === parentId && c.code === fields.code)) errors.code = ['has already been taken'];
    if (fields.origin_id && projectCodes(project.id).some((c) => c.origin_id === fields.origin_id)) errors.origin_id = ['has already been taken'];
    if (Object.keys(errors).length > 0) return errors;
    const at = now();
    const code: CostCode = { id: state.nextId('costCode'), project_id: project.id, parent_id: parentId, code: '', name: '', position: projectCodes(project.id).length, standard_cost_code_id: null, origin_id: null, origin_data: null, created_at: at, updated_at: at, deleted_at: null };
    assign(code, fields as Partial<CostCode>);
    state.costCodes.push(code);
    return code;
  };
  const updateCode = (code: CostCode, fields: CostCodeFields): boolean | Errors => {
    const changed = assign(code, fields as Partial<CostCode>);
    if (changed) code.updated_at = now();
    return changed;
  };
  const codeFilterSpec: FilterSpec<CostCode> = { ...timeFilters<CostCode>(), id: { kind: 'id', get: (c) => c.id }, origin_id: { kind: 'string', get: (c) => c.origin_id }, code: { kind: 'string', get: (c) => c.code }, parent_id: { kind: 'id', get: (c) => c.parent_id } };
  router.get(`${V10}/cost_codes`, (request) => {
    op(request, 'cost_codes.list');
    const caller = authorize(request, ctx);
    const project = projectParam(request, ctx, caller);
    const filters = parseFilters(request.query);
    return page(request, sorted(request, applyFilters(deletedFilter(projectCodes(project.id), filters), filters, codeFilterSpec)).map((c) => renderCostCode(state, c)));
  });
  router.patch(`${V10}/cost_codes/sync`, async (request) => {
    op(request, 'cost_codes.sync');
    const caller = authorize(request, ctx);
    const body = await jsonBody(request);
    const project = projectParam(request, ctx, caller, body);
    return json(runSync(body.updates, { schema: costCodeFields, records: () => projectCodes(project.id), create: (f) => createCode(project, f), update: updateCode, render: (c) => renderCostCode(state, c), changed: () => state.touch() }));
  });
  const findCode = (request: SandboxRequest, caller: Caller, id: string): CostCode => {
    const code = state.costCodes.find((c) => c.id === Number(id));
    const project = code && state.projects.find((p) => p.id === code.project_id);
    if (!code || !project || project.company_id !== caller.companyId) throw notFound('Cost Code');
    projectAccess(request, ctx, caller, project.id);
    return code;
  };
  router.get(`${V10}/cost_codes/:id`, (request) => {
    op(request, 'cost_codes.get');
    const caller = authorize(request, ctx);
    return json(renderCostCode(state, findCode(request, caller, request.params.id)));
  });
  router.post(`${V10}/cost_codes`, async (request) => {
    op(request, 'cost_codes.create');
    const caller = authorize(request, ctx);
    const body = await jsonBody(request);
    const project = projectParam(request, ctx, caller, body);
    const created = createCode(project, wrapper(body, 'cost_code', costCodeFields));
    if (!('id' in created)) throw validationError(422, created as Errors);
    state.touch();
    return json(renderCostCode(state, created as CostCode), { status: 201 });
  });
  router.patch(`${V10}/cost_codes/:id`, async (request) => {
    op(request, 'cost_codes.update');
    const caller = authorize(request, ctx);
    const body = await jsonBody(request);
    const code = findCode(request, caller, request.params.id);
    const outcome = updateCode(code, wrapper(body, 'cost_code', costCodeFields));
    if (typeof outcome === 'object') throw validationError(422, outcome);
    if (outcome) state.touch();
    return json(renderCostCode(state, code));
  });

  // ------------------------------------------------------------------------ purchase order contracts
  const lineRefs = (project: Project, fields: LineFields): Errors => {
    const errors: Errors = {};
    if (fields.cost_code_id != null && !projectCodes(project.id).some((c) => c.id === fields.cost_code_id && c.deleted_at === null)) errors.cost_code = ['must exist'];
    if (fields.line_item_type_id != null && !companyTypes(project.company_id).some((t) => t.id === fields.line_item_type_id)) errors.line_item_type = ['must exist'];
    return errors;
  };
  const lineAmount = (fields: LineFields, quantity: number, unitCost: number): number => toCents(fields.amount ?? fields.manual_amount ?? quantity * unitCost);
  const projectPos = (projectId: number): PurchaseOrder[] => state.purchaseOrders.filter((po) => po.project_id === projectId);
  const poChecks = (project: Project, fields: PurchaseOrderFields, self?: PurchaseOrder): Errors => {
    const errors: Errors = {};
    if (fields.vendor_id != null && !companyVendors(project.company_id).some((v) => v.id === fields.vendor_id)) errors.vendor = ['must exist'];
    if (fields.number !== undefined && projectPos(project.id).some((po) => po !== self && po.deleted_at === null && po.number === fields.number)) errors.number = ['has already been taken'];
    if (fields.origin_id && state.purchaseOrders.some((po) => po !== self && po.origin_id === fields.origin_id && state.projects.find((p) => p.id === po.project_id)?.company_id === project.company_id)) errors.origin_id = ['has already been taken'];
    return errors;
  };
  const createPo = (project: Project, fields: PurchaseOrderFields): PurchaseOrder | Errors => {
    const errors = poChecks(project, fields);
    if (Object.keys(errors).length > 0) return errors;
    const at = now();
    const po: PurchaseOrder = {
      id: state.nextId('purchaseOrder'), project_id: project.id, number: String(projectPos(project.id).length + 1), title: null, status: 'Draft', description: null, executed: false, private: false, vendor_id: null,
      accounting_method: 'amount', contract_date: null, delivery_date: null, issued_on_date: null, execution_date: null, payment_terms: null, ship_to_address: null, ship_via: null, bill_to_address: null,
      retainage_percent: null, origin_id: null, origin_code: null, origin_data: null, created_at: at, updated_at: at, deleted_at: null, line_items: [],
    };
    assign(po, fields as Partial<PurchaseOrder>);
    state.purchaseOrders.push(po);
    return po;
  };
  const updatePo = (project: Project, po: PurchaseOrder, fields: PurchaseOrderFields): boolean | Errors => {
    const errors = poChecks(project, fields, po);
    if (Object.keys(errors).length > 0) return errors;
    const changed = assign(po, fields as Partial<PurchaseOrder>);
    if (changed) po.updated_at = now();
    return changed;
  };
  const poEvent = (caller: Caller, po: PurchaseOrder, kind: 'create' | 'update' | 'delete'): void =>
    announce(ctx, caller, { resourceName: 'Purchase Order Contracts', resourceId: po.id, eventType: kind, companyId: caller.companyId ?? 0, projectId: po.project_id });
  const poFilterSpec: FilterSpec<PurchaseOrder> = { ...timeFilters<PurchaseOrder>(), id: { kind: 'id', get: (po) => po.id }, origin_id: { kind: 'string', get: (po) => po.origin_id }, status: { kind: 'string', get: (po) => po.status }, vendor_id: { kind: 'id', get: (po) => po.vendor_id }, number: { kind: 'string', get: (po) => po.number } };
  const listPos = (request: SandboxRequest, project: Project): PurchaseOrder[] => {
    const filters = parseFilters(request.query);
    return sorted(request, applyFilters(deletedFilter(projectPos(project.id), filters), filters, poFilterSpec));
  };
  const findPo = (project: Project, id: string): PurchaseOrder => {
    const po = projectPos(project.id).find((p) => p.id === Number(id) && p.deleted_at === null);
    if (!po) throw notFound('Purchase Order Contract');
    return po;
  };

  router.get(`${V10}/purchase_order_contracts`, (request) => {
    op(request, 'purchase_order_contracts.list');
    const caller = authorize(request, ctx);
    const project = projectParam(request, ctx, caller);
    return page(request, listPos(request, project).map((po) => renderPurchaseOrder(state, po, false)));
  });
  router.get(`${V10}/commitments`, (request) => {
    op(request, 'commitments.list');
    const caller = authorize(request, ctx);
    const project = projectParam(request, ctx, caller);
    return page(request, listPos(request, project).map((po) => ({ ...renderPurchaseOrder(state, po, false), type: 'PurchaseOrderContract' })));
  });
  router.get(`${V10}/commitments/:id`, (request) => {
    op(request, 'commitments.get');
    const caller = authorize(request, ctx);
    const project = projectParam(request, ctx, caller);
    return json({ ...renderPurchaseOrder(state, findPo(project, request.params.id), true), type: 'PurchaseOrderContract' });
  });
  router.patch(`${V10}/purchase_order_contracts/sync`, async (request) => {
    op(request, 'purchase_order_contracts.sync');
    const caller = authorize(request, ctx);
    const body = await jsonBody(request);
    const project = projectParam(request, ctx, caller, body);
    return json(runSync(body.updates, { schema: purchaseOrderFields, records: () => projectPos(project.id), create: (f) => createPo(project, f), update: (po, f) => updatePo(project, po, f), render: (po) => renderPurchaseOrder(state, po, true), changed: (po, kind) => poEvent(caller, po, kind) }));
  });
  router.get(`${V10}/purchase_order_contracts/:id`, (request) => {
    op(request, 'purchase_order_contracts.get');
    const caller = authorize(request, ctx);
    const project = projectParam(request, ctx, caller);
    return json(renderPurchaseOrder(state, findPo(project, request.params.id), true));
  });
  router.post(`${V10}/purchase_order_contracts`, async (request) => {
    op(request, 'purchase_order_contracts.create');
    const caller = authorize(request, ctx);
    const body = await jsonBody(request);
    const project = projectParam(request, ctx, caller, body);
    const fields = wrapper(body, 'purchase_order_contract', purchaseOrderFields);
    const created = createPo(project, fields);
    if (!('id' in created)) throw validationError((created as Errors).origin_id ? 409 : 422, created as Errors);
    poEvent(caller, created as PurchaseOrder, 'create');
    return json(renderPurchaseOrder(state, created as PurchaseOrder, true), { status: 201 });
  });
  router.patch(`${V10}/purchase_order_contracts/:id`, async (request) => {
    op(request, 'purchase_order_contracts.update');
    const caller = authorize(request, ctx);
    const body = await jsonBody(request);
    const project = projectParam(request, ctx, caller, body);
    const po = findPo(project, request.params.id);
    const outcome = updatePo(project, po, wrapper(body, 'purchase_order_contract', purchaseOrderFields));
    if (typeof outcome === 'object') throw validationError(outcome.origin_id ? 409 : 422, outcome);
    if (outcome) poEvent(caller, po, 'update');
    return json(renderPurchaseOrder(state, po, true));
  });
  router.delete(`${V10}/purchase_order_contracts/:id`, (request) => {
    op(request, 'purchase_order_contracts.delete');
    const caller = authorize(request, ctx);
    const project = projectParam(request, ctx, caller);
    const po = findPo(project, request.params.id);
    po.deleted_at = now();
    po.updated_at = po.deleted_at;
    poEvent(caller, po, 'delete');
    return empty(204);
  });

  // PO line items (schedule of values)
  const createLine = (project: Project, po: PurchaseOrder, fields: LineFields): ContractLine | Errors => {
    const errors = lineRefs(project, fields);
    if (fields.origin_id && po.line_items.some((l) => l.origin_id === fields.origin_id)) errors.origin_id = ['has already been taken'];
    if (fields.amount === undefined && (fields.quantity === undefined || fields.unit_cost === undefined)) errors.amount = ["can't be blank"];
    if (Object.keys(errors).length > 0) return errors;
    const at = now();
    const quantity = fields.quantity ?? 1;
    const unitCost = fields.unit_cost ?? (fields.amount ?? 0) / quantity;
    const line: ContractLine = {
      id: state.nextId('contractLine'), amount_cents: lineAmount(fields, quantity, unitCost), description: fields.description ?? null, quantity, unit_cost: unitCost, uom: fields.uom ?? null,
      cost_code_id: fields.cost_code_id ?? null, line_item_type_id: fields.line_item_type_id ?? null, tax_code_id: fields.tax_code_id ?? null, position: fields.position ?? po.line_items.length + 1,
      origin_id: fields.origin_id ?? null, origin_data: fields.origin_data ?? null, created_at: at, updated_at: at,
    };
    po.line_items.push(line);
    po.updated_at = at;
    return line;
  };
  const updateLine = (project: Project, po: PurchaseOrder, line: ContractLine, fields: LineFields): boolean | Errors => {
    const errors = lineRefs(project, fields);
    if (Object.keys(errors).length > 0) return errors;
    const { amount, manual_amount: _manual, wbs_code_id: _wbs, ...rest } = fields;
    let changed = assign(line, rest as Partial<ContractLine>);
    const cents = amount !== undefined ? toCents(amount) : fields.quantity !== undefined || fields.unit_cost !== undefined ? toCents(line.quantity * line.unit_cost) : line.amount_cents;
    if (cents !== line.amount_cents) {
      line.amount_cents = cents;
      changed = true;
    }
    if (changed) {
      line.updated_at = now();
      po.updated_at = line.updated_at;
    }
    return changed;
  };
  const lineEvent = (caller: Caller, po: PurchaseOrder, line: ContractLine, kind: 'create' | 'update' | 'delete'): void =>
    announce(ctx, caller, { resourceName: 'Purchase Order Contract Line Items', resourceId: line.id, eventType: kind, companyId: caller.companyId ?? 0, projectId: po.project_id, relatedResources: [{ id: po.id, name: 'Purchase Order Contracts' }] });
  const poForLines = (request: SandboxRequest, caller: Caller, body?: Record<string, unknown>): { project: Project; po: PurchaseOrder } => {
    const project = projectParam(request, ctx, caller, body);
    return { project, po: findPo(project, request.params.po_id ?? '') };
  };
  router.get(`${V10}/purchase_order_contracts/:po_id/line_items`, (request) => {
    op(request, 'purchase_order_contract_line_items.list');
    const { po } = poForLines(request, authorize(request, ctx));
    return page(request, po.line_items.map((line) => renderContractLine(state, po, line)));
  });
  router.patch(`${V10}/purchase_order_contracts/:po_id/line_items/sync`, async (request) => {
    op(request, 'purchase_order_contract_line_items.sync');
    const caller = authorize(request, ctx);
    const body = await jsonBody(request);
    const { project, po } = poForLines(request, caller, body);
    return json(runSync(body.updates, { schema: lineFields, records: () => po.line_items, create: (f) => createLine(project, po, f), update: (l, f) => updateLine(project, po, l, f), render: (l) => renderContractLine(state, po, l), changed: (l, kind) => lineEvent(caller, po, l, kind) }));
  });
  router.post(`${V10}/purchase_order_contracts/:po_id/line_items`, async (request) => {
    op(request, 'purchase_order_contract_line_items.create');
    const caller = authorize(request, ctx);
    const body = await jsonBody(request);
    const { project, po } = poForLines(request, caller, body);
    const created = createLine(project, po, wrapper(body, 'line_item', lineFields));
    if (!('id' in created)) throw validationError(422, created as Errors);
    lineEvent(caller, po, created as ContractLine, 'create');
    return json(renderContractLine(state, po, created as ContractLine), { status: 201 });
  });
  const findLine = (po: PurchaseOrder, id: string): ContractLine => {
    const line = po.line_items.find((l) => l.id === Number(id));
    if (!line) throw notFound('Line Item');
    return line;
  };
  router.get(`${V10}/purchase_order_contracts/:po_id/line_items/:id`, (request) => {
    op(request, 'purchase_order_contract_line_items.get');
    const { po } = poForLines(request, authorize(request, ctx));
    return json(renderContractLine(state, po, findLine(po, request.params.id)));
  });
  router.patch(`${V10}/purchase_order_contracts/:po_id/line_items/:id`, async (request) => {
    op(request, 'purchase_order_contract_line_items.update');
    const caller = authorize(request, ctx);
    const body = await jsonBody(request);
    const { project, po } = poForLines(request, caller, body);
    const line = findLine(po, request.params.id);
    const outcome = updateLine(project, po, line, wrapper(body, 'line_item', lineFields));
    if (typeof outcome === 'object') throw validationError(422, outcome);
    if (outcome) lineEvent(caller, po, line, 'update');
    return json(renderContractLine(state, po, line));
  });
  router.delete(`${V10}/purchase_order_contracts/:po_id/line_items/:id`, (request) => {
    op(request, 'purchase_order_contract_line_items.delete');
    const caller = authorize(request, ctx);
    const { po } = poForLines(request, caller);
    const line = findLine(po, request.params.id);
    po.line_items = po.line_items.filter((l) => l !== line);
    po.updated_at = now();
    lineEvent(caller, po, line, 'delete');
    return empty(204);
  });

  // ------------------------------------------------------------------------------------ requisitions
  for (const [prefix, version] of [[V10, '1.0'], [V11, '1.1']] as const) {
    router.get(`${prefix}/requisitions`, (request) => {
      op(request, 'requisitions.list');
      const caller = authorize(request, ctx);
      const project = projectParam(request, ctx, caller);
      const filters = parseFilters(request.query);
      const list = applyFilters(state.requisitions.filter((r) => r.project_id === project.id), filters, {
        ...timeFilters(),
        id: { kind: 'id', get: (r) => r.id },
        commitment_id: { kind: 'id', get: (r) => r.commitment_id },
        period_id: { kind: 'id', get: (r) => r.period_id },
        status: { kind: 'string', get: (r) => r.status },
        origin_id: { kind: 'string', get: (r) => r.origin_id },
      });
      return page(request, sorted(request, list).map((r) => renderRequisition(state, r, version)));
    });
  }
  router.get(`${V10}/requisitions/:id`, (request) => {
    op(request, 'requisitions.get');
    const caller = authorize(request, ctx);
    const project = projectParam(request, ctx, caller);
    const requisition = state.requisitions.find((r) => r.project_id === project.id && r.id === Number(request.params.id));
    if (!requisition) throw notFound('Requisition');
    return json(renderRequisition(state, requisition, '1.0'));
  });

  // ------------------------------------------------------------------------------------ direct costs
  registerDirectCosts(router, ctx, { now, page, op, projectCodes, companyTypes, companyVendors, lineRefs });
}

interface DirectCostHelpers {
  now: () => string;
  page: (request: SandboxRequest, items: readonly unknown[]) => ReturnType<typeof json>;
  op: (request: SandboxRequest, operation: string) => void;
  projectCodes: (projectId: number) => CostCode[];
  companyTypes: (companyId: number) => LineItemType[];
  companyVendors: (companyId: number) => Vendor[];
  lineRefs: (project: Project, fields: LineFields) => Errors;
}

/** Project-scoped direct costs (C.9, D): `/rest/v1.{0,1}/projects/{project_id}/direct_costs`, inline line items, `/sync` on v1.0. */
function registerDirectCosts(router: Router, ctx: RouteContext, h: DirectCostHelpers): void {
  const { state } = ctx;
  const projectDcs = (projectId: number): DirectCost[] => state.directCosts.filter((dc) => dc.project_id === projectId);
  const dcChecks = (project: Project, fields: DirectCostFields, self?: DirectCost): Errors => {
    const errors: Errors = {};
    const type = fields.direct_cost_type ?? self?.direct_cost_type;
    if (!self) {
      if (!fields.direct_cost_type) errors.direct_cost_type = ["can't be blank"];
      if (!fields.direct_cost_date) errors.direct_cost_date = ["can't be blank"];
    } else if (fields.direct_cost_type !== undefined && fields.direct_cost_type !== self.direct_cost_type) errors.direct_cost_type = ['can only be set when creating a direct cost item'];
    if (type === 'invoice' && !(fields.invoice_number ?? self?.invoice_number)) errors.invoice_number = ["can't be blank"];
    if (type === 'invoice' && (fields.vendor_id ?? self?.vendor_id) == null) errors.vendor_id = ["can't be blank"];
    if (fields.vendor_id != null && !h.companyVendors(project.company_id).some((v) => v.id === fields.vendor_id)) errors.vendor = ['must exist'];
    if (fields.origin_id && state.directCosts.some((dc) => dc !== self && dc.origin_id === fields.origin_id && state.projects.find((p) => p.id === dc.project_id)?.company_id === project.company_id)) errors.origin_id = ['has already been taken'];
    (fields.line_items ?? []).forEach((line, index) => {
      for (const [key, messages] of Object.entries(h.lineRefs(project, line))) errors[`line_items[${index}].${key}`] = messages;
    });
    return errors;
  };
  const newLine = (_dc: DirectCost, fields: LineFields, position: number): DirectCostLine => {
    const at = h.now();
    const quantity = fields.quantity ?? 1;
    const unitCost = fields.unit_cost ?? (fields.manual_amount ?? fields.amount ?? 0) / quantity;
    return {
      id: state.nextId('directCostLine'), amount_cents: toCents(fields.manual_amount ?? fields.amount ?? quantity * unitCost), description: fields.description ?? null, quantity, unit_cost: unitCost, uom: fields.uom ?? null,
      cost_code_id: fields.cost_code_id ?? null, line_item_type_id: fields.line_item_type_id ?? null, wbs_code_id: fields.wbs_code_id ?? null, position: fields.position ?? position,
      origin_id: fields.origin_id ?? null, origin_data: fields.origin_data ?? null, created_at: at, updated_at: at,
    };
  };
  const createDc = (project: Project, fields: DirectCostFields): DirectCost | Errors => {
    const errors = dcChecks(project, fields);
    if (Object.keys(errors).length > 0) return errors;
    const at = h.now();
    const { line_items: lines, ...rest } = fields;
    const dc: DirectCost = {
      id: state.nextId('directCost'), project_id: project.id, direct_cost_type: 'invoice', direct_cost_date: null, invoice_number: null, status: 'draft', vendor_id: null, employee_id: null,
      payment_date: null, received_date: null, terms: null, description: null, origin_id: null, origin_data: null, created_at: at, updated_at: at, deleted_at: null, line_items: [],
    };
    assign(dc, rest as Partial<DirectCost>);
    dc.line_items = (lines ?? []).map((line, index) => newLine(dc, line, index + 1));
    state.directCosts.push(dc);
    return dc;
  };
  const updateDc = (project: Project, dc: DirectCost, fields: DirectCostFields): boolean | Errors => {
    const errors = dcChecks(project, fields, dc);
    if (Object.keys(errors).length > 0) return errors;
    const { line_items: lines, ...rest } = fields;
    let changed = assign(dc, rest as Partial<DirectCost>);
    for (const line of lines ?? []) {
      // Lines with an origin_id already on the cost are updated in place; others are added.
      const existing = line.origin_id ? dc.line_items.find((l) => l.origin_id === line.origin_id) : undefined;
      if (existing) {
        const { amount, manual_amount, wbs_code_id: _wbs, ...lineRest } = line;
        let lineChanged = assign(existing, lineRest as Partial<DirectCostLine>);
        const cents = toCents(manual_amount ?? amount ?? existing.quantity * existing.unit_cost);
        if (cents !== existing.amount_cents) {
          existing.amount_cents = cents;
          lineChanged = true;
        }
        if (lineChanged) existing.updated_at = h.now();
        changed = changed || lineChanged;
      } else {
        dc.line_items.push(newLine(dc, line, dc.line_items.length + 1));
        changed = true;
      }
    }
    if (changed) dc.updated_at = h.now();
    return changed;
  };
  const dcEvent = (caller: Caller, dc: DirectCost, kind: 'create' | 'update' | 'delete'): void =>
    announce(ctx, caller, { resourceName: 'Direct Costs', resourceId: dc.id, eventType: kind, companyId: caller.companyId ?? 0, projectId: dc.project_id });
  const dcFilterSpec: FilterSpec<DirectCost> = {
    ...timeFilters<DirectCost>(),
    id: { kind: 'id', get: (dc) => dc.id },
    origin_id: { kind: 'string', get: (dc) => dc.origin_id },
    invoice_number: { kind: 'string', get: (dc) => dc.invoice_number },
    status: { kind: 'string', get: (dc) => dc.status },
    direct_cost_type: { kind: 'string', get: (dc) => dc.direct_cost_type },
    vendor_id: { kind: 'id', get: (dc) => dc.vendor_id },
    payment_date: { kind: 'date', get: (dc) => dc.payment_date },
    received_date: { kind: 'date', get: (dc) => dc.received_date },
    direct_cost_date: { kind: 'date', get: (dc) => dc.direct_cost_date },
  };
  const findDc = (project: Project, id: string): DirectCost => {
    const dc = projectDcs(project.id).find((d) => d.id === Number(id) && d.deleted_at === null);
    if (!dc) throw notFound('Direct Cost');
    return dc;
  };

  for (const prefix of [V10, V11]) {
    const base = `${prefix}/projects/:project_id/direct_costs` as const;
    const projectOf = (request: SandboxRequest, caller: Caller): Project => projectAccess(request, ctx, caller, request.params.project_id);
    router.get(base, (request) => {
      h.op(request, 'direct_costs.list');
      const caller = authorize(request, ctx);
      const project = projectOf(request, caller);
      const filters = parseFilters(request.query);
      return h.page(request, sorted(request, applyFilters(deletedFilter(projectDcs(project.id), filters), filters, dcFilterSpec)).map((dc) => renderDirectCost(state, dc, false)));
    });
    router.post(base, async (request) => {
      h.op(request, 'direct_costs.create');
      const caller = authorize(request, ctx);
      const project = projectOf(request, caller);
      const body = await jsonBody(request);
      const created = createDc(project, wrapper(body, 'direct_cost', directCostFields));
      if (!('id' in created)) throw validationError((created as Errors).origin_id ? 409 : 422, created as Errors);
      dcEvent(caller, created as DirectCost, 'create');
      return json(renderDirectCost(state, created as DirectCost, true), { status: 201 });
    });
    if (prefix === V10) {
      router.patch(`${base}/sync`, async (request) => {
        h.op(request, 'direct_costs.sync');
        const caller = authorize(request, ctx);
        const project = projectOf(request, caller);
        const body = await jsonBody(request);
        return json(runSync(body.updates, { schema: directCostFields, records: () => projectDcs(project.id), create: (f) => createDc(project, f), update: (dc, f) => updateDc(project, dc, f), render: (dc) => renderDirectCost(state, dc, true), changed: (dc, kind) => dcEvent(caller, dc, kind) }));
      });
    }
    router.get(`${base}/line_items`, (request) => {
      h.op(request, 'direct_cost_line_items.list');
      const caller = authorize(request, ctx);
      const project = projectOf(request, caller);
      // Procore's list takes filters[direct_cost_id] and filters[id] (ids or ranges), like its other lists.
      const filters = parseFilters(request.query);
      const lines = projectDcs(project.id).filter((dc) => dc.deleted_at === null).flatMap((dc) => dc.line_items.map((line) => ({ dc, line })));
      const kept = applyFilters(lines, filters, { id: { kind: 'id', get: (l) => l.line.id }, direct_cost_id: { kind: 'id', get: (l) => l.dc.id } });
      return h.page(request, kept.map(({ dc, line }) => renderDirectCostLine(state, dc, line)));
    });
    router.get(`${base}/:id`, (request) => {
      h.op(request, 'direct_costs.get');
      const caller = authorize(request, ctx);
      return json(renderDirectCost(state, findDc(projectOf(request, caller), request.params.id), true));
    });
    router.patch(`${base}/:id`, async (request) => {
      h.op(request, 'direct_costs.update');
      const caller = authorize(request, ctx);
      const project = projectOf(request, caller);
      const dc = findDc(project, request.params.id);
      const body = await jsonBody(request);
      const outcome = updateDc(project, dc, wrapper(body, 'direct_cost', directCostFields));
      if (typeof outcome === 'object') throw validationError(outcome.origin_id ? 409 : 422, outcome);
      if (outcome) dcEvent(caller, dc, 'update');
      return json(renderDirectCost(state, dc, true));
    });
    router.delete(`${base}/:id`, (request) => {
      h.op(request, 'direct_costs.delete');
      const caller = authorize(request, ctx);
      const dc = findDc(projectOf(request, caller), request.params.id);
      dc.deleted_at = h.now();
      dc.updated_at = dc.deleted_at;
      dcEvent(caller, dc, 'delete');
      return empty(204);
    });
    router.get(`${base}/:id/line_items`, (request) => {
      h.op(request, 'direct_cost_line_items.list');
      const caller = authorize(request, ctx);
      const dc = findDc(projectOf(request, caller), request.params.id);
      return h.page(request, dc.line_items.map((line) => renderDirectCostLine(state, dc, line)));
    });
    router.post(`${base}/:id/line_items`, async (request) => {
      h.op(request, 'direct_cost_line_items.create');
      const caller = authorize(request, ctx);
      const project = projectOf(request, caller);
      const dc = findDc(project, request.params.id);
      const body = await jsonBody(request);
      const fields = wrapper(body, 'line_item', lineFields);
      const errors = h.lineRefs(project, fields);
      if (Object.keys(errors).length > 0) throw validationError(422, errors);
      const line = newLine(dc, fields, dc.line_items.length + 1);
      dc.line_items.push(line);
      dc.updated_at = line.created_at;
      announce(ctx, caller, { resourceName: 'Direct Cost Line Items', resourceId: line.id, eventType: 'create', companyId: caller.companyId ?? 0, projectId: dc.project_id, relatedResources: [{ id: dc.id, name: 'Direct Costs' }] });
      return json(renderDirectCostLine(state, dc, line), { status: 201 });
    });
  }
}
