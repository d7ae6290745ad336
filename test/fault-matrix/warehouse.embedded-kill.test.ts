import { warehouseFaultMatrix } from './warehouse-kit';

// Its own file: every PGlite open (Node-RED's, and the test's after the kill) takes seconds.
warehouseFaultMatrix(
  [
    { target: 'embedded', fault: 'kill-mid-batch' },
    { target: 'embedded', fault: 'kill-after-commit' },
  ],
  true,
);
