// Fault matrix, mlc-servicenow-write purchase orders through the Import Set API: faults on the answer of each protocol call.
import { ANSWER_FAULTS, faultMatrix } from './kit';
import { serviceNowImportProfile } from './profiles/servicenow-import';

faultMatrix(serviceNowImportProfile, { faults: ANSWER_FAULTS });
