// Fault matrix, mlc-ukg-write org levels: faults on the answer of each protocol call.
import { ANSWER_FAULTS, faultMatrix } from './kit';
import { ukgOrgLevelsProfile } from './profiles/ukg-org-levels';

faultMatrix(ukgOrgLevelsProfile, { faults: ANSWER_FAULTS });
