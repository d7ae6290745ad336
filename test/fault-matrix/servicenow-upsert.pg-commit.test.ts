// Fault matrix, mlc-servicenow-write Table API upsert of suppliers by erp_supplier_id, on a PostgreSQL store shared by two Node-RED instances: kill -9
// after commit and after the last answer (kill on arrival: servicenow-upsert.pg-arrival.test.ts).
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix } from './kit';
import { serviceNowUpsertProfile } from './profiles/servicenow-upsert';

whenPostgresAvailable('fault matrix on PostgreSQL (ServiceNow Table API upsert of suppliers by erp_supplier_id, kill after commit)', () => faultMatrix(serviceNowUpsertProfile, { faults: ['kill-after-commit', 'kill-after-last-answer'], store: 'postgres' }));
