import { postgresAvailable } from '../support/postgres';
import { warehouseFaultMatrix } from './warehouse-kit';

// The store on PostgreSQL: audit waits on a lock on the store's records table, asynchronously (a SQLite
// store blocks Node-RED's event loop while it waits for its file lock).
void postgresAvailable().then((pg) =>
  warehouseFaultMatrix(
    [
      { target: 'postgres', fault: 'kill-mid-batch', store: 'postgres' },
      { target: 'postgres', fault: 'kill-after-commit', store: 'postgres' },
      { target: 'embedded', fault: 'kill-after-commit', store: 'postgres' },
    ],
    pg,
  ),
);
