// Fault matrix, mlc-servicenow-write purchase orders through insertMultiple: faults on the answer of each protocol call.
import { ANSWER_FAULTS, faultMatrix } from './kit';
import { serviceNowImportBulkProfile } from './profiles/servicenow-import-bulk';

faultMatrix(serviceNowImportBulkProfile, { faults: ANSWER_FAULTS });
