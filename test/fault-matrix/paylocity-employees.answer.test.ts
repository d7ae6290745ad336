// Fault matrix, mlc-paylocity-write new hires: faults on the answer of each protocol call.
import { ANSWER_FAULTS, faultMatrix } from './kit';
import { paylocityEmployeesProfile } from './profiles/paylocity-employees';

faultMatrix(paylocityEmployeesProfile, { faults: ANSWER_FAULTS });
