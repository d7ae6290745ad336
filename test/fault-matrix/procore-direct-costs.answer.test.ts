// Fault matrix, mlc-procore-write vendor bills as direct costs: faults on the answer of each protocol call.
import { ANSWER_FAULTS, faultMatrix } from './kit';
import { procoreDirectCostsProfile } from './profiles/procore-direct-costs';

faultMatrix(procoreDirectCostsProfile, { faults: ANSWER_FAULTS });
