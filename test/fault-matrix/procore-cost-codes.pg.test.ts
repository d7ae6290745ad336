// Fault matrix, mlc-procore-write cost codes, on a PostgreSQL store shared by two Node-RED instances: kill -9.
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix, KILL_FAULTS } from './kit';
import { procoreCostCodesProfile } from './profiles/procore-cost-codes';

whenPostgresAvailable('fault matrix on PostgreSQL (Procore cost codes)', () => faultMatrix(procoreCostCodesProfile, { faults: KILL_FAULTS, store: 'postgres' }));
