// Fault matrix, mlc-servicenow-write purchase orders through the Import Set API, on a PostgreSQL store shared by two Node-RED instances: kill -9
// after commit and after the last answer (kill on arrival: servicenow-import.pg-arrival.test.ts).
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix } from './kit';
import { serviceNowImportProfile } from './profiles/servicenow-import';

whenPostgresAvailable('fault matrix on PostgreSQL (ServiceNow purchase orders through the Import Set API, kill after commit)', () => faultMatrix(serviceNowImportProfile, { faults: ['kill-after-commit', 'kill-after-last-answer'], store: 'postgres' }));
