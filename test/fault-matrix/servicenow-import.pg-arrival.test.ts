// Fault matrix, mlc-servicenow-write purchase orders through the Import Set API, on a PostgreSQL store shared by two Node-RED instances: kill -9
// on arrival. Split from the other kill faults (servicenow-import.pg-commit.test.ts) so each file stays well
// inside the per-file timeout on a busy two-core machine (two Node-RED instances per cell).
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix } from './kit';
import { serviceNowImportProfile } from './profiles/servicenow-import';

whenPostgresAvailable('fault matrix on PostgreSQL (ServiceNow purchase orders through the Import Set API, kill on arrival)', () => faultMatrix(serviceNowImportProfile, { faults: ['kill-on-arrival'], store: 'postgres' }));
