import { postgresAvailable } from '../support/postgres';
import { warehouseFaultMatrix } from './warehouse-kit';

// A connection cut needs a server connection to cut: the embedded target has none.
void postgresAvailable().then((pg) =>
  warehouseFaultMatrix(
    [
      { target: 'postgres', fault: 'cut-mid-batch' },
      { target: 'postgres', fault: 'refused-batch' },
      { target: 'embedded', fault: 'refused-batch' },
    ],
    pg,
  ),
);
