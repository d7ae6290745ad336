// Declarative record mapping: specs, lookup tables, the compiled mapper. No Node-RED here.
export { compileMapping, type CompiledMapping, type RecordMapper } from './compile';
export { mapRecords } from './map-records';
export {
  parseMappingSpec,
  MappingSpecSchema,
  RULE_OPS,
  FIELD_RULE_OPS,
  FIELD_TYPES,
  WRAP_MODES,
  type MappingSpec,
  type MappingSpecInput,
  type MappingRule,
  type FieldRule,
  type FieldType,
} from './spec';
export type { MapResult, RejectionReason, RejectionCode } from './reasons';
export { summarize } from './reasons';
export { MappingSpecError, LookupTableError } from './errors';
export { layerTables, tablesFromLookups, tableFromRows, type LookupTable, type LookupTables } from './lookup-tables';
export { TableSet, TableSourceSchema, type TableSource } from './table-sources';
export { parseCsv, CsvError } from './csv';
export { sortOutcomes, REJECTED_CODE, type Outcomes, type MappedRecord, type RejectedRecord, type Envelope } from './outcomes';
