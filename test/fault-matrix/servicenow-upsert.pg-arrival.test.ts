// Fault matrix, mlc-servicenow-write Table API upsert of suppliers by erp_supplier_id, on a PostgreSQL store shared by two Node-RED instances: kill -9
// on arrival. Split from the other kill faults (servicenow-upsert.pg-commit.test.ts) so each file stays well
// inside the per-file timeout on a busy two-core machine (two Node-RED instances per cell).
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix } from './kit';
import { serviceNowUpsertProfile } from './profiles/servicenow-upsert';

whenPostgresAvailable('fault matrix on PostgreSQL (ServiceNow Table API upsert of suppliers by erp_supplier_id, kill on arrival)', () => faultMatrix(serviceNowUpsertProfile, { faults: ['kill-on-arrival'], store: 'postgres' }));
