// Fault matrix, mlc-servicenow-write purchase orders through insertMultiple, on a PostgreSQL store shared by two Node-RED instances: kill -9
// on arrival. Split from the other kill faults (servicenow-import-bulk.pg-commit.test.ts) so each file stays well
// inside the per-file timeout on a busy two-core machine (two Node-RED instances per cell).
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix } from './kit';
import { serviceNowImportBulkProfile } from './profiles/servicenow-import-bulk';

whenPostgresAvailable('fault matrix on PostgreSQL (ServiceNow purchase orders through insertMultiple, kill on arrival)', () => faultMatrix(serviceNowImportBulkProfile, { faults: ['kill-on-arrival'], store: 'postgres' }));
