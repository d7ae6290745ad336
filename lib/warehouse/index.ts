export * from './types';
export { parseTableSpec, WarehouseSpecError, type TableSpecInput } from './table-spec';
export { WarehouseRecordError, copyText } from './values';
export { WarehouseSchemaError } from './pg-warehouse';
export { WarehouseWriter, warehouseFailure, transientWarehouseError } from './writer';
export { openWarehouse, registerDialect, dialectNames } from './registry';
