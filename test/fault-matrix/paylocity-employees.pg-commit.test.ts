// Fault matrix, mlc-paylocity-write new hires, on a PostgreSQL store shared by two Node-RED instances: kill -9
// after commit and after the last answer (kill on arrival: paylocity-employees.pg-arrival.test.ts).
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix } from './kit';
import { paylocityEmployeesProfile } from './profiles/paylocity-employees';

whenPostgresAvailable('fault matrix on PostgreSQL (Paylocity new hires, kill after commit)', () => faultMatrix(paylocityEmployeesProfile, { faults: ['kill-after-commit', 'kill-after-last-answer'], store: 'postgres' }));
