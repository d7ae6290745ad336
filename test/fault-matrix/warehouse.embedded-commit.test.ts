import { warehouseFaultMatrix } from './warehouse-kit';

// One embedded cell per file: every PGlite open takes seconds, and audit waits out the store's busy timeout (10 s).
warehouseFaultMatrix([{ target: 'embedded', fault: 'kill-after-commit' }], true);
