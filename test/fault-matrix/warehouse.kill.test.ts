import { postgresAvailable } from '../support/postgres';
import { warehouseFaultMatrix } from './warehouse-kit';

void postgresAvailable().then((pg) =>
  warehouseFaultMatrix(
    [
      { target: 'postgres', fault: 'kill-mid-batch' },
      { target: 'postgres', fault: 'kill-after-commit' },
    ],
    pg,
  ),
);
