export * from './types';
export { parseTableSpec, validIdentifier, WarehouseSpecError, type TableSpecInput } from './table-spec';
export { WarehouseRecordError, copyText } from './values';
export { WarehouseSchemaError } from './pg-warehouse';
export { WarehouseWriter, warehouseFailure, transientWarehouseError } from './writer';
export { openWarehouse, registerDialect, dialectNames } from './registry';
export { WarehouseHandle } from './handle';
export { WarehousePlanner, type WarehousePlanOutcome } from './write-plan';
