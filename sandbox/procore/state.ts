import type { Company, CostCode, DirectCost, Hook, LineItemType, Project, PurchaseOrder, Requisition, Trigger, Vendor } from './model';
import { COMPANIES, FIRST_IDS, seedCommitments, seedCostCodes, seedLineItemTypes, seedProjects, seedVendors } from './seed';

type Counters = typeof FIRST_IDS;

export interface ProcoreStateSnapshot {
  projects: Project[];
  vendors: Vendor[];
  costCodes: CostCode[];
  lineItemTypes: LineItemType[];
  purchaseOrders: PurchaseOrder[];
  directCosts: DirectCost[];
  requisitions: Requisition[];
  hooks: Hook[];
  triggers: Trigger[];
  counters: Counters;
  revision: number;
}

/** Everything the simulator serves; `reset` rebuilds it from the seed. Hooks and triggers are API data, so they are kept too. */
export class ProcoreState {
  readonly companies: Company[] = COMPANIES;
  projects!: Project[];
  vendors!: Vendor[];
  costCodes!: CostCode[];
  lineItemTypes!: LineItemType[];
  purchaseOrders!: PurchaseOrder[];
  directCosts!: DirectCost[];
  requisitions!: Requisition[];
  hooks!: Hook[];
  triggers!: Trigger[];
  private counters!: Counters;
  /** Bumped by every write: the kit saves the data file when it moved. */
  revision = 0;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.counters = { ...FIRST_IDS };
    this.projects = seedProjects();
    this.costCodes = seedCostCodes(this.projects, () => this.nextId('costCode'));
    this.lineItemTypes = seedLineItemTypes(() => this.nextId('lineItemType'));
    this.vendors = seedVendors(() => this.nextId('vendor'));
    const commitments = seedCommitments(this.vendors, this.costCodes, this.lineItemTypes, {
      po: () => this.nextId('purchaseOrder'),
      line: () => this.nextId('contractLine'),
      dc: () => this.nextId('directCost'),
      dcLine: () => this.nextId('directCostLine'),
      req: () => this.nextId('requisition'),
    });
    this.purchaseOrders = commitments.purchaseOrders;
    this.directCosts = commitments.directCosts;
    this.requisitions = commitments.requisitions;
    this.hooks = [];
    this.triggers = [];
    this.revision += 1;
  }

  nextId(kind: keyof Counters): number {
    const id = this.counters[kind];
    this.counters[kind] = id + 1;
    return id;
  }

  touch(): void {
    this.revision += 1;
  }

  snapshot(): ProcoreStateSnapshot {
    return {
      projects: this.projects,
      vendors: this.vendors,
      costCodes: this.costCodes,
      lineItemTypes: this.lineItemTypes,
      purchaseOrders: this.purchaseOrders,
      directCosts: this.directCosts,
      requisitions: this.requisitions,
      hooks: this.hooks,
      triggers: this.triggers,
      counters: this.counters,
      revision: this.revision,
    };
  }

  restore(snapshot: ProcoreStateSnapshot): void {
    const arrays = ['projects', 'vendors', 'costCodes', 'lineItemTypes', 'purchaseOrders', 'directCosts', 'requisitions', 'hooks', 'triggers'] as const;
    if (!snapshot || typeof snapshot !== 'object' || arrays.some((key) => !Array.isArray(snapshot[key])) || typeof snapshot.counters !== 'object') {
      throw new Error('not a Procore state snapshot');
    }
    for (const key of arrays) (this as Record<(typeof arrays)[number], unknown>)[key] = snapshot[key];
    this.counters = { ...FIRST_IDS, ...snapshot.counters };
    this.revision = snapshot.revision;
  }
}
