// Fault matrix, mlc-paylocity-write new hires, on a PostgreSQL store shared by two Node-RED instances: kill -9
// on arrival. Split from the other kill faults (paylocity-employees.pg-commit.test.ts) so each file stays well
// inside the per-file timeout on a busy two-core machine (two Node-RED instances per cell).
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix } from './kit';
import { paylocityEmployeesProfile } from './profiles/paylocity-employees';

whenPostgresAvailable('fault matrix on PostgreSQL (Paylocity new hires, kill on arrival)', () => faultMatrix(paylocityEmployeesProfile, { faults: ['kill-on-arrival'], store: 'postgres' }));
