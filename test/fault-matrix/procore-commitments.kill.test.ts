// Fault matrix, mlc-procore-write purchase order contracts with lines: kill -9 of Node-RED at each step of the protocol.
import { faultMatrix, KILL_FAULTS } from './kit';
import { procoreCommitmentsProfile } from './profiles/procore-commitments';

faultMatrix(procoreCommitmentsProfile, { faults: KILL_FAULTS });
