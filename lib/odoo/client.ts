import { z } from 'zod';
import { staticAuth } from '../auth/static-auth';
import { HttpClient } from '../http/client';
import { maskError } from '../util/mask-secrets';
import type { RequestAuth } from '../http/types';
import { OdooError } from './errors';
import { odooSettingsSchema, type OdooSettings, type OdooSettingsInput } from './settings';
import { Json2Transport } from './json2-transport';
import { jsonRpcTransport } from './jsonrpc-transport';
import type { OdooCall, OdooLogin, OdooTransport, ServerVersion, TransportKind } from './types';
import { normalizeRecord, toOdooValues, type FieldTypes } from './values';
import { xmlRpcTransport } from './xmlrpc-transport';

export type Domain = unknown[];

export interface SearchReadOptions {
  domain?: Domain;
  fields?: string[];
  offset?: number;
  limit?: number;
  order?: string;
  context?: Record<string, unknown>;
  /** Odoo's values as they come (false for empty, [id, name]); default: normalized. */
  raw?: boolean;
  /** Cancels the call, e.g. when the node is closed on redeploy. */
  signal?: AbortSignal;
}

/**
 * A list of records, each with an integer id. Checked in place rather than parsed field by field:
 * a page of 200 records copied key by key was a tenth of an incremental read's own cost, and only
 * the id is ours to require (the other fields are whatever the flow asked for).
 */
const recordsSchema = z.custom<Array<Record<string, unknown> & { id: number }>>(
  (value) => Array.isArray(value) && value.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row) && Number.isInteger((row as { id?: unknown }).id)),
);

/** What `load` answers: ids in row order, or false when any record failed (then nothing was written). */
const loadAnswerSchema = z.looseObject({
  ids: z.union([z.array(z.number().int()), z.literal(false)]),
  messages: z.array(
    z.looseObject({
      type: z.string(),
      message: z.string(),
      record: z.number().int().optional(),
      rows: z.looseObject({ from: z.number().int(), to: z.number().int() }).optional(),
      field: z.string().optional(),
    }),
  ),
});

export type LoadAnswer = z.infer<typeof loadAnswerSchema>;

/** A field as fields_get describes it: its type, and for relational fields the model it points to. */
export interface FieldInfo {
  type: string;
  relation?: string;
}

export type OdooRecord = Record<string, unknown> & { id: number };

export interface ConnectionReport {
  serverVersion: string;
  transport: TransportKind;
  uid: number;
  userName: string;
}

/** JSON-2 came with Odoo 19. */
const JSON2_SINCE = 19;

/**
 * The typed Odoo client of one config node: the same calls over JSON-2, XML-RPC or JSON-RPC, values
 * normalized for flows (and back for writes), the company's context on every call.
 */
export class OdooClient {
  readonly settings: OdooSettings;
  private transportPromise: Promise<OdooTransport> | null = null;
  private readonly fieldInfo = new Map<string, Promise<ReadonlyMap<string, FieldInfo>>>();
  private readonly typeMaps = new Map<string, Promise<FieldTypes>>();
  private readonly clients: HttpClient[] = [];

  constructor(input: OdooSettingsInput) {
    this.settings = odooSettingsSchema.parse(input);
  }

  private get login(): OdooLogin {
    const { configName, db, username, apiKey } = this.settings;
    return { configName, db, username, apiKey };
  }

  /** The transport in use, chosen on first call ('auto' asks the server's version). */
  transport(): Promise<OdooTransport> {
    this.transportPromise ??= this.chooseTransport().catch((err: unknown) => {
      this.transportPromise = null;
      throw this.masked(err);
    });
    return this.transportPromise;
  }

  async version(): Promise<ServerVersion> {
    try {
      return await (await this.transport()).version();
    } catch (err) {
      throw this.masked(err);
    }
  }

  /** What the Test connection button shows: version, transport, and who we are logged in as. */
  async testConnection(): Promise<ConnectionReport> {
    try {
      const transport = await this.transport();
      const version = await transport.version();
      const uid = await transport.uid();
      const [user] = (await this.call({ model: 'res.users', method: 'read', ids: [uid], kwargs: { fields: ['name', 'login'] }, idempotent: true })) as Array<{ name?: unknown }>;
      return { serverVersion: version.version, transport: transport.kind, uid, userName: typeof user?.name === 'string' ? user.name : String(uid) };
    } catch (err) {
      throw this.masked(err);
    }
  }

  /** Any model method; the company context is added to kwargs.context. */
  async call(call: OdooCall): Promise<unknown> {
    try {
      const transport = await this.transport();
      return await transport.execute({ ...call, kwargs: this.withContext(call.kwargs) });
    } catch (err) {
      throw this.masked(err);
    }
  }

  /**
   * Every error leaves the client through here: a server that quotes the API key back (in a fault,
   * a plain-text or HTML error page) must not carry it into msg.error, the store or the sidebar.
   */
  private masked(err: unknown): Error {
    return maskError(err, [this.settings.apiKey]);
  }

  async searchRead(model: string, options: SearchReadOptions = {}): Promise<OdooRecord[]> {
    const kwargs: Record<string, unknown> = { domain: options.domain ?? [] };
    if (options.fields) kwargs['fields'] = options.fields;
    if (options.offset) kwargs['offset'] = options.offset;
    if (options.limit !== undefined) kwargs['limit'] = options.limit;
    if (options.order) kwargs['order'] = options.order;
    if (options.context) kwargs['context'] = options.context;
    const answer = await this.call({ model, method: 'search_read', kwargs, idempotent: true, ...(options.signal ? { signal: options.signal } : {}) });
    // Paging and cursors go by id: a row without one must not slip through.
    const parsed = recordsSchema.safeParse(answer);
    if (!parsed.success) throw new OdooError('MLC_ODOO_PROTOCOL', `odoo: ${model}.search_read answered something that is not a list of records with ids`, { odooMessage: 'not a list of records', model, method: 'search_read', configName: this.settings.configName });
    return options.raw ? parsed.data : ((await this.normalize(model, parsed.data)) as OdooRecord[]);
  }

  async search(model: string, domain: Domain, options: { limit?: number; order?: string; offset?: number; context?: Record<string, unknown> } = {}): Promise<number[]> {
    return (await this.call({ model, method: 'search', kwargs: { domain, ...options }, idempotent: true })) as number[];
  }

  async searchCount(model: string, domain: Domain = [], context?: Record<string, unknown>): Promise<number> {
    return (await this.call({ model, method: 'search_count', kwargs: { domain, ...(context ? { context } : {}) }, idempotent: true })) as number;
  }

  async read(model: string, ids: number[], fields?: string[], raw = false): Promise<Array<Record<string, unknown>>> {
    const rows = (await this.call({ model, method: 'read', ids, kwargs: fields ? { fields } : {}, idempotent: true })) as Array<Record<string, unknown>>;
    return raw ? rows : this.normalize(model, rows);
  }

  /** Creates one record per values object in one call; returns their ids in order. */
  async create(model: string, valuesList: Array<Record<string, unknown>>, context?: Record<string, unknown>): Promise<number[]> {
    const types = await this.types(model);
    const vals = valuesList.map((values) => toOdooValues(values, types));
    const created = await this.call({ model, method: 'create', args: [vals], kwargs: context ? { context } : {} });
    return Array.isArray(created) ? (created as number[]) : [created as number];
  }

  /**
   * `load(fields, rows)`: Odoo's import. Cells are text; an `id` column gives each record an external id,
   * created in the same transaction as the record. Not idempotent at the HTTP level (a lost answer is
   * settled by looking the external ids up, see writer.ts).
   */
  async load(model: string, fields: string[], rows: string[][], context?: Record<string, unknown>): Promise<LoadAnswer> {
    const answer = await this.call({ model, method: 'load', args: [fields, rows], kwargs: context ? { context } : {} });
    const parsed = loadAnswerSchema.safeParse(answer);
    if (!parsed.success) throw new OdooError('MLC_ODOO_PROTOCOL', `odoo: ${model}.load answered something that is not {ids, messages}`, { odooMessage: 'not a load answer', model, method: 'load', configName: this.settings.configName });
    return parsed.data;
  }

  async write(model: string, ids: number[], values: Record<string, unknown>, context?: Record<string, unknown>): Promise<boolean> {
    const vals = toOdooValues(values, await this.types(model));
    // Writing the same values twice leaves the same record: safe to resend after a timeout.
    return (await this.call({ model, method: 'write', ids, args: [vals], kwargs: context ? { context } : {}, idempotent: true })) === true;
  }

  async unlink(model: string, ids: number[]): Promise<boolean> {
    return (await this.call({ model, method: 'unlink', ids })) === true;
  }

  async fieldsGet(model: string, attributes: string[] = ['string', 'type', 'relation', 'required', 'readonly', 'selection']): Promise<Record<string, Record<string, unknown>>> {
    // A bounded attribute list: some Odoo 19 models fault on a full fields_get (a None attribute).
    return (await this.call({ model, method: 'fields_get', kwargs: { attributes }, idempotent: true })) as Record<string, Record<string, unknown>>;
  }

  async nameSearch(model: string, name: string, options: { domain?: Domain; operator?: string; limit?: number } = {}): Promise<Array<{ id: number; name: string }>> {
    const pairs = (await this.call({ model, method: 'name_search', kwargs: { name, ...options }, idempotent: true })) as Array<[number, string]>;
    return pairs.map(([id, label]) => ({ id, name: label }));
  }

  /** Field name → type, from fields_get, fetched once per model per connection. */
  types(model: string): Promise<FieldTypes> {
    let types = this.typeMaps.get(model);
    if (!types) {
      types = this.fieldInfos(model).then(
        (infos) => new Map([...infos].map(([name, info]) => [name, info.type])),
        (err: unknown) => {
          this.typeMaps.delete(model);
          throw err;
        },
      );
      this.typeMaps.set(model, types);
    }
    return types;
  }

  /** Field name → type and relation, from one fields_get per model per connection. */
  fieldInfos(model: string): Promise<ReadonlyMap<string, FieldInfo>> {
    let infos = this.fieldInfo.get(model);
    if (!infos) {
      infos = this.fieldsGet(model, ['type', 'relation']).then(
        (fields) =>
          new Map(
            Object.entries(fields).map(([name, field]): [string, FieldInfo] => [
              name,
              { type: String(field['type'] ?? ''), ...(typeof field['relation'] === 'string' && field['relation'] ? { relation: field['relation'] } : {}) },
            ]),
          ),
        (err: unknown) => {
          this.fieldInfo.delete(model);
          throw err;
        },
      );
      this.fieldInfo.set(model, infos);
    }
    return infos;
  }

  close(): void {
    for (const client of this.clients) client.close();
  }

  private async normalize(model: string, rows: Array<Record<string, unknown>>): Promise<Array<Record<string, unknown>>> {
    if (rows.length === 0) return rows;
    const types = await this.types(model);
    return rows.map((row) => normalizeRecord(row, types));
  }

  private withContext(kwargs: Record<string, unknown> | undefined): Record<string, unknown> {
    const { companyId } = this.settings;
    if (companyId === undefined) return kwargs ?? {};
    const context = { ...((kwargs?.['context'] as Record<string, unknown> | undefined) ?? {}) };
    context['allowed_company_ids'] ??= [companyId];
    return { ...kwargs, context };
  }

  private http(auth: RequestAuth): HttpClient {
    const { url, timeoutMs, retry, userAgent } = this.settings;
    const client = new HttpClient({
      system: 'odoo',
      baseUrl: url,
      timeoutMs,
      ...(retry ? { retry } : {}),
      headers: { 'user-agent': userAgent },
      auth,
    });
    this.clients.push(client);
    return client;
  }

  private build(kind: TransportKind): OdooTransport {
    const { configName, apiKey } = this.settings;
    if (kind === 'json2') return new Json2Transport(this.http(staticAuth(configName, { authorization: `bearer ${apiKey}` }, [apiKey])), this.login);
    // The older transports carry the key in the body: the auth adds no header, it only masks the key.
    const bodyKey = staticAuth(configName, {}, [apiKey]);
    return kind === 'xmlrpc' ? xmlRpcTransport(this.http(bodyKey), this.login) : jsonRpcTransport(this.http(bodyKey), this.login);
  }

  private async chooseTransport(): Promise<OdooTransport> {
    const choice = this.settings.transport;
    if (choice !== 'auto') return this.build(choice);
    // XML-RPC's version() works on every Odoo; JSON-2 where the server is 19 or later.
    const xmlrpc = this.build('xmlrpc');
    const version = await xmlrpc.version();
    return version.major >= JSON2_SINCE ? this.build('json2') : xmlrpc;
  }
}
