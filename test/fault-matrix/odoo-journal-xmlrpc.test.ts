// Fault matrix, mlc-odoo-write journal entries over XML-RPC (Odoo up to 18): every fault. Every call
// goes to /xmlrpc/2/object, so a fault hits the n-th call there (the kit's skip), named by the log's tags.
import { FAULTS, faultMatrix } from './kit';
import { odooJournal } from './profiles/odoo-journal';

faultMatrix(odooJournal('xmlrpc'), { faults: FAULTS });
