// mlc-odoo-write, employees: hr.employee upsert matched on identification_id (the UKG employee id), as
// in the example "UKG - employees to Odoo employees", with one new hire, one leaver (an active employee
// archived) and one rehire (an archived employee unarchived). Archived records count as records.
import { mapNode, type SourceRecord, type WriteNodeProfile } from '../kit';
import { checkClient, isOdooCall, ODOO_CONFIG, odooConfigNode, odooCredentials, odooStep } from './odoo-shared';

const WITH_ARCHIVED = { active_test: false };

function people(tag: string): Array<{ id: string; name: string; active: boolean; seeded?: boolean }> {
  return [
    { id: `FM-${tag}-N`, name: `New Hire ${tag}`, active: true },
    { id: `FM-${tag}-L`, name: `Leaver ${tag}`, active: false, seeded: true },
    { id: `FM-${tag}-R`, name: `Rehire ${tag}`, active: true, seeded: true },
  ];
}

export const odooEmployeesProfile: WriteNodeProfile = {
  id: 'odoo-employees',
  title: 'mlc-odoo-write, hr.employee upsert with archive and unarchive',
  system: 'odoo',

  nodes(ctx, ids) {
    return [
      odooConfigNode(ctx),
      mapNode(ids, 'employee → hr.employee', [
          { op: 'copy', target: 'name', from: 'displayName', type: 'string' },
          { op: 'copy', target: 'identification_id', from: 'employeeId', type: 'string' },
          { op: 'copy', target: 'job_title', from: 'jobTitle', type: 'string', required: false },
          { op: 'copy', target: 'active', from: 'active', type: 'boolean' },
        ]),
      {
        id: ids.write,
        type: 'mlc-odoo-write',
        name: 'upsert employee by UKG id',
        odoo: ODOO_CONFIG,
        model: 'hr.employee',
        operation: 'upsert',
        matchBy: 'field',
        matchField: 'identification_id',
        post: false,
        batchSize: 100,
        wires: [[ids.audit], [ids.audit]],
      },
    ];
  },

  credentials: () => odooCredentials(),

  /** The leaver is active in Odoo and the rehire archived, before the run. */
  async seed(ctx, tag) {
    const odoo = checkClient(ctx);
    const seeded = people(tag).filter((p) => p.seeded);
    await odoo.create(
      'hr.employee',
      seeded.map((p) => ({ name: p.name, identification_id: p.id, active: !p.active, job_title: 'before' })),
    );
  },

  records(_ctx, tag): SourceRecord[] {
    return people(tag).map((p) => ({
      key: `fm:odoo-employees:${tag}:${p.id}`,
      record: { employeeId: p.id, displayName: p.name, jobTitle: 'after', active: p.active },
    }));
  },

  isProtocolCall: isOdooCall,
  step: odooStep,

  async targetCounts(ctx, records) {
    const odoo = checkClient(ctx);
    const counts: Record<string, number> = {};
    for (const { key, record } of records) counts[key] = await odoo.searchCount('hr.employee', [['identification_id', '=', String(record['employeeId'])]], WITH_ARCHIVED);
    return counts;
  },

  async verify(ctx, records) {
    const odoo = checkClient(ctx);
    const rows = await odoo.searchRead('hr.employee', {
      domain: [['identification_id', 'in', records.map((r) => String(r.record['employeeId']))]],
      fields: ['identification_id', 'active', 'job_title'],
      context: WITH_ARCHIVED,
    });
    const wrong: string[] = [];
    for (const { record } of records) {
      for (const row of rows.filter((r) => r['identification_id'] === record['employeeId'])) {
        if (row['active'] !== record['active'] || row['job_title'] !== 'after') wrong.push(`${String(record['employeeId'])} active=${String(row['active'])} job=${String(row['job_title'])}`);
      }
    }
    return wrong.length > 0 ? [`employees not as written: ${wrong.join(', ')}`] : [];
  },
};
