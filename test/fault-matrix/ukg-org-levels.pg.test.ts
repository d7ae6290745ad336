// Fault matrix, mlc-ukg-write org levels, on a PostgreSQL store shared by two Node-RED instances: kill -9.
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix, KILL_FAULTS } from './kit';
import { ukgOrgLevelsProfile } from './profiles/ukg-org-levels';

whenPostgresAvailable('fault matrix on PostgreSQL (org levels)', () => faultMatrix(ukgOrgLevelsProfile, { faults: KILL_FAULTS, store: 'postgres' }));
