// Fault matrix, mlc-procore-write purchase orders, on a PostgreSQL store shared by two Node-RED instances: kill -9
// on arrival. Split from the other kill faults (procore-commitments.pg-commit.test.ts) so each file stays well
// inside the per-file timeout on a busy two-core machine (two Node-RED instances per cell).
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix } from './kit';
import { procoreCommitmentsProfile } from './profiles/procore-commitments';

whenPostgresAvailable('fault matrix on PostgreSQL (Procore purchase orders, kill on arrival)', () => faultMatrix(procoreCommitmentsProfile, { faults: ['kill-on-arrival'], store: 'postgres' }));
