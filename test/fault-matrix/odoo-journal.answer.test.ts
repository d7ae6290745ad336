// Fault matrix, mlc-odoo-write journal entries: faults on the answer of each protocol call.
import { ANSWER_FAULTS, faultMatrix } from './kit';
import { odooJournalProfile } from './profiles/odoo-journal';

faultMatrix(odooJournalProfile, { faults: ANSWER_FAULTS });
