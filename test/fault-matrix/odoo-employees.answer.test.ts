// Fault matrix, mlc-odoo-write employees (archive, unarchive): faults on the answer of each protocol call.
import { ANSWER_FAULTS, faultMatrix } from './kit';
import { odooEmployeesProfile } from './profiles/odoo-employees';

faultMatrix(odooEmployeesProfile, { faults: ANSWER_FAULTS });
