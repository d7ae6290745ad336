import type { MethodSpec } from '../method-spec';
import type { ModelDef } from '../model-def';
import { ARCHIVE_METHODS } from './archive';
import { GENERIC_METHODS } from './generic';

/** The public method `name` of `model`: its own business methods first, then BaseModel's. */
export function findMethod(model: ModelDef, name: string): MethodSpec | undefined {
  return (
    model.methods?.find((method) => method.name === name) ??
    (model.hasActive ? ARCHIVE_METHODS.find((method) => method.name === name) : undefined) ??
    GENERIC_METHODS.find((method) => method.name === name)
  );
}
