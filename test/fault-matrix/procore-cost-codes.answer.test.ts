// Fault matrix, mlc-procore-write cost codes: faults on the answer of each protocol call.
import { ANSWER_FAULTS, faultMatrix } from './kit';
import { procoreCostCodesProfile } from './profiles/procore-cost-codes';

faultMatrix(procoreCostCodesProfile, { faults: ANSWER_FAULTS });
