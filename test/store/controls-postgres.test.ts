// Run controls and reconciliations on the PostgreSQL store, in a schema of their own.
import { after } from 'node:test';
import { openStore } from '../../lib/store';
import { TEST_PG_URL, dropSchema, uniqueSchemaName, whenPostgresAvailable } from '../support/postgres';
import { controlsContract } from './controls-contract';

whenPostgresAvailable('run controls on PostgreSQL', () => {
  const schema = uniqueSchemaName('mlc_test_controls');
  after(() => dropSchema(schema));
  controlsContract('PostgreSQL', () => openStore({ kind: 'postgres', connectionString: TEST_PG_URL, schema }));
});
