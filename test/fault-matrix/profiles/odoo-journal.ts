// mlc-odoo-write, journal entries with post: account.move upsert matched by external id, then
// action_post (as in the example "UKG - payroll GL to Odoo journal entries").
import { mapNode, type WriteNodeProfile } from '../kit';
import { checkClient, isOdooCall, ODOO_CONFIG, odooConfigNode, odooCredentials, odooStep, type OdooTransportChoice } from './odoo-shared';

interface Ids {
  journal: number;
  debit: number;
  credit: number;
}

const ENTRIES = ['E1', 'E2', 'E3'];

/** Over JSON-2 (Odoo 19+, what 'auto' picks on the sandbox) or XML-RPC (every version). */
export function odooJournal(transport: OdooTransportChoice): WriteNodeProfile {
  const id = transport === 'json2' ? 'odoo-journal' : `odoo-journal-${transport}`;
  return {
    id,
    title: `mlc-odoo-write, account.move upsert + action_post${transport === 'json2' ? '' : ` (${transport})`}`,
    system: 'odoo',

    async prepare(ctx) {
      const odoo = checkClient(ctx);
      const [journal] = await odoo.search('account.journal', [['code', '=', 'PAY']]);
      const [debit] = await odoo.search('account.account', [['account_type', '=', 'expense']], { limit: 1 });
      const [credit] = await odoo.search('account.account', [['account_type', '=like', 'liability%']], { limit: 1 });
      if (!journal || !debit || !credit) throw new Error('odoo-journal profile: the sandbox seed has no PAY journal or accounts');
      (ctx.state as Record<string, unknown>)['ids'] = { journal, debit, credit } satisfies Ids;
    },

    nodes(ctx, ids) {
      const { journal } = ctx.state['ids'] as Ids;
      return [
        odooConfigNode(ctx, transport),
        mapNode(ids, 'entry → account.move', [
            { op: 'constant', target: 'move_type', value: 'entry', type: 'string' },
            { op: 'copy', target: 'ref', from: 'ref', type: 'string' },
            { op: 'copy', target: 'date', from: 'date', type: 'string' },
            { op: 'constant', target: 'journal_id', value: journal, type: 'integer' },
            {
              op: 'each',
              target: 'line_ids',
              from: 'lines',
              wrap: 'x2many-create',
              type: 'array',
              rules: [
                { op: 'copy', target: 'account_id', from: 'account', type: 'integer' },
                { op: 'copy', target: 'name', from: 'name', type: 'string' },
                { op: 'number', target: 'debit', from: 'debit', round: 2, default: 0, type: 'number' },
                { op: 'number', target: 'credit', from: 'credit', round: 2, default: 0, type: 'number' },
              ],
            },
          ]),
        {
          id: ids.write,
          type: 'mlc-odoo-write',
          name: 'upsert + post entry',
          odoo: ODOO_CONFIG,
          model: 'account.move',
          operation: 'upsert',
          matchBy: 'external-id',
          matchField: '',
          post: true,
          batchSize: 100,
          wires: [[ids.audit], [ids.audit]],
        },
      ];
    },

    credentials: () => odooCredentials(),

    records(ctx, tag) {
      const { debit, credit } = ctx.state['ids'] as Ids;
      return ENTRIES.map((entry, i) => ({
        key: `fm:${id}:${tag}:${entry}`,
        record: {
          ref: `FM ${tag} ${entry}`,
          date: '2026-11-30',
          lines: [
            { account: debit, name: `wages ${entry}`, debit: 100 + i },
            { account: credit, name: `payable ${entry}`, credit: 100 + i },
          ],
        },
      }));
    },

    isProtocolCall: isOdooCall,
    step: odooStep,

    async targetCounts(ctx, records) {
      const odoo = checkClient(ctx);
      const counts: Record<string, number> = {};
      for (const { key, record } of records) counts[key] = await odoo.searchCount('account.move', [['ref', '=', String(record['ref'])]]);
      return counts;
    },

    async verify(ctx, records) {
      const odoo = checkClient(ctx);
      const refs = records.map((r) => String(r.record['ref']));
      const rows = await odoo.searchRead('account.move', { domain: [['ref', 'in', refs]], fields: ['ref', 'state'] });
      const drafts = rows.filter((r) => r['state'] !== 'posted').map((r) => `${String(r['ref'])}=${String(r['state'])}`);
      return drafts.length > 0 ? [`not posted in Odoo: ${drafts.join(', ')}`] : [];
    },
  };
}

export const odooJournalProfile = odooJournal('json2');
