import type { Env, Orm, SearchOptions, Vals } from '../env';
import type { Row } from '../fields';
import { createRecords } from './create';
import { displayNameOf, fieldValue } from './field-value';
import { readRecords } from './read';
import { countRecords, searchRecords } from './search';
import { unlinkRecords } from './unlink';
import { writeRecords } from './write';

/** The ORM facade handed to every env (see env.ts for why it is not imported directly). */
export const orm: Orm = {
  search: (env: Env, model: string, domain: unknown, options?: SearchOptions) =>
    searchRecords(env, env.registry.model(model), domain, options),
  count: (env, model, domain, limit) => countRecords(env, env.registry.model(model), domain, limit),
  create: (env, model, valsList: readonly Vals[]) => createRecords(env, env.registry.model(model), valsList),
  write: (env, model, ids, vals) => writeRecords(env, env.registry.model(model), ids, vals),
  unlink: (env, model, ids) => unlinkRecords(env, env.registry.model(model), ids),
  read: (env, model, ids, fieldNames, load) => readRecords(env, env.registry.model(model), ids, fieldNames, load),
  value: (env, model, row: Row, field) => fieldValue(env, env.registry.model(model), row, field),
  displayName: (env, model, id) => displayNameOf(env, env.registry.model(model), id),
};
