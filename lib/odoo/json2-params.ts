// JSON-2 has no positional arguments: every parameter goes by its Python name. Calls built by the
// typed client are already named; these tables name the positional arguments of the methods
// integrations call, so a generic call written for XML-RPC (`args`) also runs on JSON-2.

const POSITIONAL_NAMES: Readonly<Record<string, readonly string[]>> = {
  search: ['domain', 'offset', 'limit', 'order'],
  search_count: ['domain', 'limit'],
  search_read: ['domain', 'fields', 'offset', 'limit', 'order'],
  read: ['fields', 'load'],
  create: ['vals_list'],
  write: ['vals'],
  unlink: [],
  fields_get: ['allfields', 'attributes'],
  name_search: ['name', 'domain', 'operator', 'limit'],
  default_get: ['fields_list'],
  copy: ['default'],
  load: ['fields', 'data'],
  action_post: [],
  action_archive: [],
  action_unarchive: [],
  button_confirm: [],
  button_cancel: [],
  context_get: [],
  check_access_rights: ['operation', 'raise_exception'],
};

export class Json2ArgumentError extends Error {}

/** The JSON-2 body of a call: ids, the named positional arguments, then kwargs (which win). */
export function json2Body(method: string, ids: number[] | undefined, args: unknown[] | undefined, kwargs: Record<string, unknown> | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (ids !== undefined) body['ids'] = ids;
  const positional = args ?? [];
  if (positional.length > 0) {
    const names = POSITIONAL_NAMES[method];
    if (!names || positional.length > names.length) {
      throw new Json2ArgumentError(
        `JSON-2 takes named arguments only: pass the arguments of ${method} in kwargs by their Python names (positional ones are known only for ${Object.keys(POSITIONAL_NAMES).join(', ')})`,
      );
    }
    positional.forEach((value, index) => {
      const name = names[index];
      if (name !== undefined && value !== undefined) body[name] = value;
    });
  }
  for (const [name, value] of Object.entries(kwargs ?? {})) if (value !== undefined) body[name] = value;
  return body;
}
