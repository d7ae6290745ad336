// Fault matrix, mlc-procore-write vendors through /sync: kill -9 of Node-RED at each step of the protocol.
import { faultMatrix, KILL_FAULTS } from './kit';
import { procoreVendorsProfile } from './profiles/procore-vendors';

faultMatrix(procoreVendorsProfile, { faults: KILL_FAULTS });
