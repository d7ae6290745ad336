// Fault matrix, mlc-servicenow-write Table API upsert of suppliers by erp_supplier_id: kill -9 of Node-RED at each step of the protocol.
import { faultMatrix, KILL_FAULTS } from './kit';
import { serviceNowUpsertProfile } from './profiles/servicenow-upsert';

faultMatrix(serviceNowUpsertProfile, { faults: KILL_FAULTS });
