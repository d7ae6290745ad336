// The Looker example with its warehouse config node switched to the PostgreSQL server (127.0.0.1:5432,
// database test, a schema of its own, dropped after), the Looker sandbox pointed at the same schema.
import { describeExample } from '../support/looker-warehouse-e2e';

describeExample('postgres');
