import { checkAccess } from '../access';
import { faults } from '../faults';
import { fields } from '../fields';
import type { MethodSpec } from '../method-spec';
import { defineModel } from '../model-def';
import { ACCESS } from './access-groups';

/**
 * `check_object_reference(module, xml_id)`: the public way to resolve an external id over RPC
 * (`_xmlid_to_res_id` and `_xmlid_lookup` are private). Returns `[model, res_id]`.
 */
const checkObjectReference: MethodSpec = {
  name: 'check_object_reference',
  kind: 'model',
  params: [{ name: 'module' }, { name: 'xml_id' }, { name: 'raise_on_access_error', default: false }],
  run: (env, model, _ids, args) => {
    checkAccess(env, model, 'read');
    const table = env.db.table('ir.model.data');
    for (const id of table.lookup('name', String(args['xml_id']))) {
      const row = table.get(id)!;
      if (row['module'] === args['module']) return [String(row['model']), typeof row['res_id'] === 'number' ? row['res_id'] : false];
    }
    throw faults.value(`External ID not found in the system: ${String(args['module'])}.${String(args['xml_id'])}`);
  },
};

export const irModelData = defineModel({
  name: 'ir.model.data',
  description: 'Model Data',
  order: 'module, model, name',
  recName: 'complete_name',
  displayName: (row) => `${String(row['module'] ?? '')}.${String(row['name'] ?? '')}`,
  fields: {
    name: fields.char('External Identifier', { required: true, indexed: true }),
    module: fields.char('Module', { required: true, default: '' }),
    model: fields.char('Model Name', { required: true }),
    res_id: fields.integer('Record ID', { indexed: true, help: 'ID of the target record in the database' }),
    noupdate: fields.boolean('Non Updatable', { default: false }),
    complete_name: fields.char('Complete ID', {
      compute: (row) => `${String(row['module'] ?? '')}.${String(row['name'] ?? '')}`,
    }),
  },
  methods: [checkObjectReference],
  access: ACCESS.settings,
  uniques: [{ fields: ['name', 'module'], message: 'You cannot have multiple records with the same external ID in the same module!' }],
  checks: [{ holds: (row) => !String(row['name'] ?? '').includes(' '), message: 'External IDs cannot contain spaces' }],
});
