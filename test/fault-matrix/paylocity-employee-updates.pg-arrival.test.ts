// Fault matrix, mlc-paylocity-write updates, on a PostgreSQL store shared by two Node-RED instances: kill -9
// on arrival. Split from the other kill faults (paylocity-employee-updates.pg-commit.test.ts) so each file stays well
// inside the per-file timeout on a busy two-core machine (two Node-RED instances per cell).
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix } from './kit';
import { paylocityEmployeeUpdatesProfile } from './profiles/paylocity-employee-updates';

whenPostgresAvailable('fault matrix on PostgreSQL (Paylocity updates, kill on arrival)', () => faultMatrix(paylocityEmployeeUpdatesProfile, { faults: ['kill-on-arrival'], store: 'postgres' }));
