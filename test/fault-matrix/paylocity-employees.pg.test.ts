// Fault matrix, mlc-paylocity-write new hires, on a PostgreSQL store shared by two Node-RED instances: kill -9.
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix, KILL_FAULTS } from './kit';
import { paylocityEmployeesProfile } from './profiles/paylocity-employees';

whenPostgresAvailable('fault matrix on PostgreSQL (Paylocity new hires)', () => faultMatrix(paylocityEmployeesProfile, { faults: KILL_FAULTS, store: 'postgres' }));
