// Fault matrix, mlc-odoo-write employees (archive, unarchive): kill -9 of Node-RED at each step of the protocol.
import { faultMatrix, KILL_FAULTS } from './kit';
import { odooEmployeesProfile } from './profiles/odoo-employees';

faultMatrix(odooEmployeesProfile, { faults: KILL_FAULTS });
