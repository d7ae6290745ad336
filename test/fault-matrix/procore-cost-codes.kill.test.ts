// Fault matrix, mlc-procore-write cost codes: kill -9 of Node-RED at each step of the protocol.
import { faultMatrix, KILL_FAULTS } from './kit';
import { procoreCostCodesProfile } from './profiles/procore-cost-codes';

faultMatrix(procoreCostCodesProfile, { faults: KILL_FAULTS });
