import type { FieldDef } from '../fields';
import type { ModelDef } from '../model-def';
import type { OdooStruct, OdooValue } from '../values';

/**
 * `fields_get(allfields, attributes)`: a description per field. Never a `None` attribute, since
 * XML-RPC cannot marshal None (a real 19.0 server faults on some full fields_get calls for that reason).
 */
export function fieldsGet(model: ModelDef, allfields: unknown, attributes: unknown): OdooStruct {
  const wantedFields = Array.isArray(allfields) && allfields.length > 0 ? new Set(allfields.map(String)) : undefined;
  const wantedAttributes = Array.isArray(attributes) && attributes.length > 0 ? new Set(attributes.map(String)) : undefined;
  const result: OdooStruct = {};
  for (const [name, field] of Object.entries(model.fields)) {
    if (wantedFields && !wantedFields.has(name)) continue;
    const description = describeField(model, name, field);
    if (wantedAttributes) {
      for (const key of Object.keys(description)) if (!wantedAttributes.has(key)) delete description[key];
    }
    result[name] = description;
  }
  return result;
}

function describeField(model: ModelDef, name: string, field: FieldDef): OdooStruct {
  const stored = name !== 'display_name' && field.type !== 'one2many' && (field.stored ?? true);
  const description: Record<string, OdooValue> = {
    name,
    type: field.type,
    string: field.string,
    required: field.required === true,
    readonly: field.readonly === true || (field.compute !== undefined && name !== 'display_name') || name === 'display_name',
    store: stored,
    searchable: true,
    sortable: stored && field.type !== 'many2many' && field.type !== 'json',
    groupable: stored && field.type !== 'json' && field.type !== 'text',
    manual: false,
    company_dependent: false,
    change_default: false,
    depends: [],
  };
  if (field.help !== undefined) description['help'] = field.help;
  switch (field.type) {
    case 'char':
    case 'text':
      description['translate'] = false;
      if (field.type === 'char') description['trim'] = true;
      break;
    case 'selection':
      description['selection'] = field.selection.map(([value, label]) => [value, label]);
      break;
    case 'monetary':
      description['currency_field'] = model.fields['currency_id'] ? 'currency_id' : 'company_currency_id';
      description['aggregator'] = 'sum';
      break;
    case 'float':
      if (field.digits !== undefined) description['digits'] = [16, field.digits];
      description['aggregator'] = 'sum';
      break;
    case 'integer':
      if (name !== 'id') description['aggregator'] = 'sum';
      break;
    case 'many2one':
    case 'many2many':
      description['relation'] = field.relation;
      description['context'] = {};
      description['domain'] = [];
      break;
    case 'one2many':
      description['relation'] = field.relation;
      description['relation_field'] = field.inverse;
      description['context'] = {};
      description['domain'] = [];
      break;
    default:
      break;
  }
  return description;
}
