// Fault matrix, mlc-paylocity-write updates: kill -9 of Node-RED at each step of the protocol.
import { faultMatrix, KILL_FAULTS } from './kit';
import { paylocityEmployeeUpdatesProfile } from './profiles/paylocity-employee-updates';

faultMatrix(paylocityEmployeeUpdatesProfile, { faults: KILL_FAULTS });
