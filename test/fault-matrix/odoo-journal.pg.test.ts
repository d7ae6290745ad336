// Fault matrix, mlc-odoo-write journal entries, on a PostgreSQL store shared by two Node-RED instances:
// every fault; the kill hits one instance while the other carries on.
import { whenPostgresAvailable } from '../support/postgres';
import { FAULTS, faultMatrix } from './kit';
import { odooJournalProfile } from './profiles/odoo-journal';

whenPostgresAvailable('fault matrix on PostgreSQL (journal entries)', () => faultMatrix(odooJournalProfile, { faults: FAULTS, store: 'postgres' }));
