// Fault matrix, mlc-servicenow-write purchase orders through the Import Set API: kill -9 of Node-RED at each step of the protocol.
import { faultMatrix, KILL_FAULTS } from './kit';
import { serviceNowImportProfile } from './profiles/servicenow-import';

faultMatrix(serviceNowImportProfile, { faults: KILL_FAULTS });
