// Fault matrix, mlc-odoo-write employees, on a PostgreSQL store shared by two Node-RED instances: kill -9.
import { whenPostgresAvailable } from '../support/postgres';
import { faultMatrix, KILL_FAULTS } from './kit';
import { odooEmployeesProfile } from './profiles/odoo-employees';

whenPostgresAvailable('fault matrix on PostgreSQL (employees)', () => faultMatrix(odooEmployeesProfile, { faults: KILL_FAULTS, store: 'postgres' }));
