// Fault matrix, mlc-paylocity-write new hires: kill -9 of Node-RED at each step of the protocol.
import { faultMatrix, KILL_FAULTS } from './kit';
import { paylocityEmployeesProfile } from './profiles/paylocity-employees';

faultMatrix(paylocityEmployeesProfile, { faults: KILL_FAULTS });
