// Types shared by the node glue. Kept apart from the nodes because a module that uses `export =`
// may export nothing else.
import type { Node, NodeDef, NodeMessage } from 'node-red';
import type { ClaimHolder, Store } from '../../lib/store/types';
import type { MlcEnvelope } from '../../lib/envelope';
import type { OdooClient } from '../../lib/odoo/client';
import type { UkgClient } from '../../lib/ukg/client';
import type { PaylocityClient } from '../../lib/paylocity/client';
import type { WebhookBasicCredentials } from '../../lib/paylocity/settings';
import type { ProcoreClient } from '../../lib/procore/client';
import type { ServiceNowClient } from '../../lib/servicenow/client';
import type { LookerClient } from '../../lib/looker/client';
import type { WarehouseHandle } from '../../lib/warehouse/handle';

/** The mlc-store config node as other nodes see it. */
export interface StoreConfigNode extends Node {
  /** Opens the store on first use and shares it between every node that uses this config node. */
  getStore(): Promise<Store>;
  /** A short human label ("SQLite mlc.sqlite", "PostgreSQL db@host") for status text. */
  describe(): string;
  /** This process's identity in the store's claims and leases. */
  holder(): ClaimHolder;
  /** The claim lease set on the node (ms): how long a dead process's claims and read leases hold. */
  leaseMs(): number;
  /**
   * Keeps the store open until `work` settles: Node-RED closes every node of a deploy at once, so a
   * node whose store writes outlive its own close (a batch queued for the next turn) hands them here.
   */
  keepOpenFor(work: Promise<unknown>): void;
}

export interface MlcMessage extends NodeMessage {
  mlc?: MlcEnvelope;
  [key: string]: unknown;
}

export type SendFn = (msg: NodeMessage | Array<NodeMessage | NodeMessage[] | null>) => void;
export type DoneFn = (err?: Error) => void;

export type ConfigOf<T> = NodeDef & T;

/** The mlc-odoo-config node as the Odoo read, write and call nodes see it. */
export interface OdooConfigNode extends Node {
  /** The client of this config node, shared by every node that uses it; throws when the settings are unusable. */
  getClient(): OdooClient;
  /** The config node's name as the user sees it. */
  configName(): string;
}

/** The mlc-ukg-config node as the UKG read, write and webhook nodes see it. */
export interface UkgConfigNode extends Node {
  /** The client of this config node, shared by every node that uses it; throws when the settings are unusable. */
  getClient(): UkgClient;
  /** The config node's name as the user sees it. */
  configName(): string;
}

/** The mlc-paylocity-config node as the Paylocity read, write and webhook nodes see it. */
export interface PaylocityConfigNode extends Node {
  /** The client of this config node (token, pace, connection pool), shared by every node that uses it; throws when the settings are unusable. */
  getClient(): PaylocityClient;
  /** The config node's name as the user sees it. */
  configName(): string;
  /** The company the flows work on (WebLink's companyId). */
  companyId(): string;
  /** What Paylocity must send with each webhook (HTTP Basic), or undefined when the endpoint takes any POST. */
  webhookCredentials(): WebhookBasicCredentials | undefined;
}

/** The mlc-procore-config node as the Procore read, write and webhook nodes see it. */
export interface ProcoreConfigNode extends Node {
  /** The client of this config node (token, company header, rate-limit window, connection pool), shared by every node that uses it; throws when the settings are unusable. */
  getClient(): ProcoreClient;
  /** The config node's name as the user sees it. */
  configName(): string;
  /** The company the flows work on, sent as `Procore-Company-Id`. */
  companyId(): string;
}

/** The mlc-servicenow-config node as the ServiceNow read and write nodes see it. */
export interface ServiceNowConfigNode extends Node {
  /** The client of this config node (credentials, rate gate, concurrency limit, connection pool), shared by every node that uses it; throws when the settings are unusable. */
  getClient(): ServiceNowClient;
  /** The config node's name as the user sees it. */
  configName(): string;
}

/** The mlc-looker-config node as the mlc-looker node sees it. */
export interface LookerConfigNode extends Node {
  /** The client of this config node (token, connection pool), shared by every node that uses it; throws when the settings are unusable. */
  getClient(): LookerClient;
  /** The config node's name as the user sees it. */
  configName(): string;
}

/** The mlc-warehouse-config node as the mlc-warehouse-write node sees it. */
export interface WarehouseConfigNode extends Node {
  /** The warehouse, opened on first use; throws when the node's settings are unusable. */
  getClient(): WarehouseHandle;
  configName(): string;
  /** The schema the warehouse write nodes create their tables in. */
  schema(): string;
}
