// Fault matrix, mlc-paylocity-write updates, on a PostgreSQL store shared by two Node-RED instances: kill -9
// after commit and after the last answer (kill on arrival: paylocity-employee-updates.pg-arrival.test.ts).
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix } from './kit';
import { paylocityEmployeeUpdatesProfile } from './profiles/paylocity-employee-updates';

whenPostgresAvailable('fault matrix on PostgreSQL (Paylocity updates, kill after commit)', () => faultMatrix(paylocityEmployeeUpdatesProfile, { faults: ['kill-after-commit', 'kill-after-last-answer'], store: 'postgres' }));
