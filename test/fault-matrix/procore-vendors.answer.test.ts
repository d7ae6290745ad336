// Fault matrix, mlc-procore-write vendors through /sync: faults on the answer of each protocol call.
import { ANSWER_FAULTS, faultMatrix } from './kit';
import { procoreVendorsProfile } from './profiles/procore-vendors';

faultMatrix(procoreVendorsProfile, { faults: ANSWER_FAULTS });
