// Fault matrix, mlc-servicenow-write purchase orders through insertMultiple: kill -9 of Node-RED at each step of the protocol.
import { faultMatrix, KILL_FAULTS } from './kit';
import { serviceNowImportBulkProfile } from './profiles/servicenow-import-bulk';

faultMatrix(serviceNowImportBulkProfile, { faults: KILL_FAULTS });
