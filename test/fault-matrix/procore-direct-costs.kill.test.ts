// Fault matrix, mlc-procore-write vendor bills as direct costs: kill -9 of Node-RED at each step of the protocol.
import { faultMatrix, KILL_FAULTS } from './kit';
import { procoreDirectCostsProfile } from './profiles/procore-direct-costs';

faultMatrix(procoreDirectCostsProfile, { faults: KILL_FAULTS });
