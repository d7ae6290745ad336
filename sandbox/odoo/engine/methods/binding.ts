import { faults } from '../faults';
import type { MethodSpec } from '../method-spec';

/**
 * Binds RPC arguments to a method's parameters like Python binds a call: positionals in order, then
 * keywords by name (or an accepted alias), defaults for the rest. Errors carry CPython's TypeError
 * wording, self counted as Python counts it.
 */
export function bindArguments(
  spec: MethodSpec,
  positional: readonly unknown[],
  keywords: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const params = spec.params;
  if (positional.length > params.length) {
    const required = params.filter((param) => !('default' in param)).length;
    const takes = required === params.length ? `${params.length + 1}` : `from ${required + 1} to ${params.length + 1}`;
    const plural = params.length + 1 === 1 && required === params.length ? 'argument' : 'arguments';
    throw faults.type(`${spec.name}() takes ${takes} positional ${plural} but ${positional.length + 1} were given`);
  }
  const bound: Record<string, unknown> = {};
  positional.forEach((value, index) => {
    bound[params[index]!.name] = value;
  });
  for (const [key, value] of Object.entries(keywords)) {
    const param = params.find((candidate) => candidate.name === key || candidate.aliases?.includes(key));
    if (!param) {
      if (spec.extraKeywords?.includes(key)) {
        bound[key] = value;
        continue;
      }
      throw faults.type(`${spec.name}() got an unexpected keyword argument '${key}'`);
    }
    if (param.name in bound) throw faults.type(`${spec.name}() got multiple values for argument '${param.name}'`);
    bound[param.name] = value;
  }
  const missing: string[] = [];
  for (const param of params) {
    if (param.name in bound) continue;
    if ('default' in param) bound[param.name] = param.default;
    else missing.push(param.name);
  }
  if (missing.length > 0) {
    const names = missing.map((name) => `'${name}'`);
    const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
    throw faults.type(`${spec.name}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${list}`);
  }
  return bound;
}
