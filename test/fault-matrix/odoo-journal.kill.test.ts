// Fault matrix, mlc-odoo-write journal entries: kill -9 of Node-RED at each step of the protocol.
import { faultMatrix, KILL_FAULTS } from './kit';
import { odooJournalProfile } from './profiles/odoo-journal';

faultMatrix(odooJournalProfile, { faults: KILL_FAULTS });
