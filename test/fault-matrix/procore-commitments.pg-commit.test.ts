// Fault matrix, mlc-procore-write purchase orders, on a PostgreSQL store shared by two Node-RED instances: kill -9
// after commit and after the last answer (kill on arrival: procore-commitments.pg-arrival.test.ts).
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix } from './kit';
import { procoreCommitmentsProfile } from './profiles/procore-commitments';

whenPostgresAvailable('fault matrix on PostgreSQL (Procore purchase orders, kill after commit)', () => faultMatrix(procoreCommitmentsProfile, { faults: ['kill-after-commit', 'kill-after-last-answer'], store: 'postgres' }));
