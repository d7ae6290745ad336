// Fault matrix, mlc-servicenow-write Table API upsert of suppliers by erp_supplier_id: faults on the answer of each protocol call.
import { ANSWER_FAULTS, faultMatrix } from './kit';
import { serviceNowUpsertProfile } from './profiles/servicenow-upsert';

faultMatrix(serviceNowUpsertProfile, { faults: ANSWER_FAULTS });
