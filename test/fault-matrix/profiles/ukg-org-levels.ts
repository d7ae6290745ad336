// mlc-ukg-write, org levels: upsert of two new cost centers and one that exists (CC-100 in the seed):
// one bulk POST (207, the existing one answers 409), then a PATCH for the existing one.
import type { RequestLogEntry } from '../../../sandbox/kit';
import { mapNode, type ProfileContext, type SourceRecord, type WriteNodeProfile } from '../kit';

const UKG_CONFIG = 'fm-ukg';
const ORG_LEVELS = '/configuration/v1/org-levels';
const CODES = ['FM-NEW1', 'FM-NEW2', 'CC-100'];

async function ukgGet(ctx: ProfileContext, path: string): Promise<unknown> {
  const env = ctx.env;
  const basic = Buffer.from(`${env['MLC_SANDBOX_UKG_USERNAME'] ?? ''}:${env['MLC_SANDBOX_UKG_PASSWORD'] ?? ''}`).toString('base64');
  const res = await fetch(`${env['MLC_SANDBOX_UKG_URL'] ?? ''}${path}`, {
    headers: { authorization: `Basic ${basic}`, 'us-customer-api-key': env['MLC_SANDBOX_UKG_CUSTOMER_API_KEY'] ?? '' },
  });
  // UKG answers a filter that matches nothing with 404 "No records found."
  if (res.status === 404) return [];
  if (!res.ok) throw new Error(`UKG GET ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function orgLevels(ctx: ProfileContext, code: string): Promise<Array<Record<string, unknown>>> {
  const rows = (await ukgGet(ctx, `${ORG_LEVELS}?code=${encodeURIComponent(code)}`)) as Array<Record<string, unknown>>;
  return rows.filter((r) => r['level'] === 2 && String(r['code']).toUpperCase() === code.toUpperCase());
}

export const ukgOrgLevelsProfile: WriteNodeProfile = {
  id: 'ukg-org-levels',
  title: 'mlc-ukg-write, org levels upsert (bulk POST, 409 → PATCH)',
  system: 'ukg',

  nodes(ctx, ids) {
    return [
      {
        id: UKG_CONFIG,
        type: 'mlc-ukg-config',
        name: 'UKG sandbox (fault matrix)',
        host: '${MLC_SANDBOX_UKG_URL}',
        pageSize: 500,
        concurrency: 1,
        timeoutSeconds: ctx.limits.timeoutSeconds,
        maxAttempts: ctx.limits.maxAttempts,
        maxRetrySeconds: ctx.limits.maxRetrySeconds,
        tokenUrl: '',
        scope: '',
      },
      mapNode(ids, 'cost center → org level 2', [
          { op: 'constant', target: 'level', value: 2, type: 'integer' },
          { op: 'copy', target: 'code', from: 'code', type: 'string' },
          { op: 'copy', target: 'description', from: 'name', type: 'string' },
          { op: 'copy', target: 'glSegment', from: 'segment', type: 'string' },
          { op: 'copy', target: 'isActive', from: 'active', type: 'boolean', required: false, default: true },
        ]),
      { id: ids.write, type: 'mlc-ukg-write', name: 'upsert UKG org level', ukg: UKG_CONFIG, operation: 'upsert', batchSize: 100, wires: [[ids.audit], [ids.audit]] },
    ];
  },

  credentials: () => ({
    [UKG_CONFIG]: {
      username: '${MLC_SANDBOX_UKG_USERNAME}',
      password: '${MLC_SANDBOX_UKG_PASSWORD}',
      customerApiKey: '${MLC_SANDBOX_UKG_CUSTOMER_API_KEY}',
      userApiKey: '',
      clientId: '',
      clientSecret: '',
    },
  }),

  records(_ctx, tag): SourceRecord[] {
    return CODES.map((code) => ({
      key: `fm:ukg-org-levels:${tag}:${code}`,
      record: { code, name: `Fault matrix ${code}`, segment: `S-${tag}`, active: true },
    }));
  },

  isProtocolCall: (entry: RequestLogEntry) => entry.path.startsWith(ORG_LEVELS) && entry.method !== 'GET',

  step(entry) {
    return entry.path === ORG_LEVELS
      ? { label: `${entry.method} org-levels`, method: entry.method, path: /^\/configuration\/v1\/org-levels$/ }
      : { label: `${entry.method} org-levels/:level/:code`, method: entry.method, path: /^\/configuration\/v1\/org-levels\/[^/]+\/[^/]+$/ };
  },

  async targetCounts(ctx, records) {
    const counts: Record<string, number> = {};
    for (const { key, record } of records) counts[key] = (await orgLevels(ctx, String(record['code']))).length;
    return counts;
  },

  async verify(ctx, records) {
    const wrong: string[] = [];
    for (const { record } of records) {
      for (const row of await orgLevels(ctx, String(record['code']))) {
        if (row['glSegment'] !== record['segment']) wrong.push(`${String(record['code'])} glSegment=${String(row['glSegment'])}`);
      }
    }
    return wrong.length > 0 ? [`org levels not as written: ${wrong.join(', ')}`] : [];
  },
};
