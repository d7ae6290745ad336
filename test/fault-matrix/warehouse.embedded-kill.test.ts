import { warehouseFaultMatrix } from './warehouse-kit';

// One embedded cell per file: every PGlite open (Node-RED's, and the test's after the kill) takes seconds.
warehouseFaultMatrix([{ target: 'embedded', fault: 'kill-mid-batch' }], true);
