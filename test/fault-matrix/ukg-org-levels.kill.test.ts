// Fault matrix, mlc-ukg-write org levels: kill -9 of Node-RED at each step of the protocol.
import { faultMatrix, KILL_FAULTS } from './kit';
import { ukgOrgLevelsProfile } from './profiles/ukg-org-levels';

faultMatrix(ukgOrgLevelsProfile, { faults: KILL_FAULTS });
