// Fault matrix, mlc-paylocity-write updates, on a PostgreSQL store shared by two Node-RED instances: kill -9.
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix, KILL_FAULTS } from './kit';
import { paylocityEmployeeUpdatesProfile } from './profiles/paylocity-employee-updates';

whenPostgresAvailable('fault matrix on PostgreSQL (Paylocity updates)', () => faultMatrix(paylocityEmployeeUpdatesProfile, { faults: KILL_FAULTS, store: 'postgres' }));
