// Fault matrix, mlc-procore-write vendor bills as direct costs, on a PostgreSQL store shared by two Node-RED instances: kill -9.
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix, KILL_FAULTS } from './kit';
import { procoreDirectCostsProfile } from './profiles/procore-direct-costs';

whenPostgresAvailable('fault matrix on PostgreSQL (Procore vendor bills)', () => faultMatrix(procoreDirectCostsProfile, { faults: KILL_FAULTS, store: 'postgres' }));
