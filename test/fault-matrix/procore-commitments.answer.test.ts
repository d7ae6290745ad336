// Fault matrix, mlc-procore-write purchase order contracts with lines: faults on the answer of each protocol call.
import { ANSWER_FAULTS, faultMatrix } from './kit';
import { procoreCommitmentsProfile } from './profiles/procore-commitments';

faultMatrix(procoreCommitmentsProfile, { faults: ANSWER_FAULTS });
