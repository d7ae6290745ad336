// Fault matrix, mlc-paylocity-write updates: faults on the answer of each protocol call.
import { ANSWER_FAULTS, faultMatrix } from './kit';
import { paylocityEmployeeUpdatesProfile } from './profiles/paylocity-employee-updates';

faultMatrix(paylocityEmployeeUpdatesProfile, { faults: ANSWER_FAULTS });
