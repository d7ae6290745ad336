// mlc-procore-write, cost codes: two Odoo analytic accounts become cost codes 03-410 and 03-420 under the
// seeded division 03 of PRJ-1001, each with origin_id = the account's id.
// Protocol: GET cost_codes?project_id (the project's list, read once for the batch: the look-up by
// origin_id and by full code), then POST cost_codes per code. The count per key is the number of live
// cost codes of the project holding the account's origin_id; verify adds that no second 03-410 or 03-420
// was made without it and that each holds its name.
import type { RequestLogEntry } from '../../../sandbox/kit';
import { mapNode, type ProfileContext, type SourceRecord, type WriteNodeProfile } from '../kit';
import { preparedIds, procore, procoreConfigNode, procoreCredentials, PROCORE_CONFIG, seededIds, stepBy } from './procore-shared';

const PATHS = [
  ['cost_codes', /^\/rest\/v1\.0\/cost_codes$/],
  ['cost_codes/:id', /^\/rest\/v1\.0\/cost_codes\/\d+$/],
] as const;
const CODES = [
  ['410', 'Concrete Forming'],
  ['420', 'Concrete Accessories'],
] as const;

const ids = preparedIds;

function originOf(record: Record<string, unknown>): string {
  return `odoo-aa-${String(record['tag'])}-${String(record['accountId'])}`;
}

/** The live codes of the project under division 03 with this segment. */
function codesOf(ctx: ProfileContext, segment: string) {
  const { projectId, costCodes } = ids(ctx);
  return procore(ctx).state.costCodes.filter((c) => c.project_id === projectId && c.parent_id === costCodes['03'] && c.code === segment && c.deleted_at === null);
}

export const procoreCostCodesProfile: WriteNodeProfile = {
  id: 'procore-cost-codes',
  title: 'mlc-procore-write, cost codes (the project\'s list, then POST each code under its division)',
  system: 'procore',

  async prepare(ctx) {
    ctx.state['procore'] = seededIds(ctx);
  },

  nodes(ctx, mapIds) {
    return [
      procoreConfigNode(ctx),
      mapNode(mapIds, 'Odoo analytic account → Procore cost code', [
        { op: 'copy', target: 'project_id', from: 'projectId' },
        { op: 'jsonata', target: 'origin_id', expression: '"odoo-aa-" & tag & "-" & $string(accountId)' },
        { op: 'copy', target: 'code', from: 'code', type: 'string' },
        { op: 'copy', target: 'name', from: 'name', type: 'string' },
      ]),
      { id: mapIds.write, type: 'mlc-procore-write', name: 'cost codes to Procore', procore: PROCORE_CONFIG, operation: 'cost-code', wires: [[mapIds.audit], [mapIds.audit]] },
    ];
  },

  credentials: procoreCredentials,

  records(ctx, tag): SourceRecord[] {
    const { projectId } = ids(ctx);
    return CODES.map(([segment, name], i) => ({
      key: `fm:procore-cost-codes:${tag}:${i + 1}`,
      record: { accountId: i + 1, tag, projectId, code: `03-${segment}`, name },
    }));
  },

  isProtocolCall: (entry: RequestLogEntry) => PATHS.some(([, path]) => path.test(entry.path)),

  step: (entry) => stepBy(entry, PATHS),

  async targetCounts(ctx, records) {
    const counts: Record<string, number> = {};
    for (const { key, record } of records) {
      const segment = String(record['code']).split('-')[1] ?? '';
      counts[key] = codesOf(ctx, segment).filter((c) => c.origin_id === originOf(record)).length;
    }
    return counts;
  },

  async verify(ctx, records) {
    const wrong: string[] = [];
    for (const { record } of records) {
      const segment = String(record['code']).split('-')[1] ?? '';
      const held = codesOf(ctx, segment);
      if (held.length !== 1) wrong.push(`${String(record['code'])} is held ${held.length} times`);
      for (const c of held) if (c.name !== record['name'] || c.origin_id !== originOf(record)) wrong.push(`${String(record['code'])} holds name ${c.name}, origin_id ${String(c.origin_id)}`);
    }
    return wrong.length > 0 ? [`cost codes not as sent: ${wrong.join('; ')}`] : [];
  },
};
