// Fault matrix, mlc-servicenow-write purchase orders through insertMultiple, on a PostgreSQL store shared by two Node-RED instances: kill -9
// after commit and after the last answer (kill on arrival: servicenow-import-bulk.pg-arrival.test.ts).
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix } from './kit';
import { serviceNowImportBulkProfile } from './profiles/servicenow-import-bulk';

whenPostgresAvailable('fault matrix on PostgreSQL (ServiceNow purchase orders through insertMultiple, kill after commit)', () => faultMatrix(serviceNowImportBulkProfile, { faults: ['kill-after-commit', 'kill-after-last-answer'], store: 'postgres' }));
