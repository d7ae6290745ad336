// Fault matrix, mlc-procore-write vendors through /sync, on a PostgreSQL store shared by two Node-RED instances: kill -9.
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix, KILL_FAULTS } from './kit';
import { procoreVendorsProfile } from './profiles/procore-vendors';

whenPostgresAvailable('fault matrix on PostgreSQL (Procore vendors)', () => faultMatrix(procoreVendorsProfile, { faults: KILL_FAULTS, store: 'postgres' }));
