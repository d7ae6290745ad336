// Errors about the mapping itself (its spec, its tables), as opposed to rejections of one record.
// They stop a whole message, so they carry a stable code a Catch node can branch on.

export class MappingSpecError extends Error {
  readonly code = 'MLC_MAP_BAD_SPEC';
  constructor(message: string) {
    super(message);
    this.name = 'MappingSpecError';
  }
}

export class LookupTableError extends Error {
  readonly code = 'MLC_MAP_BAD_TABLE';
  constructor(message: string) {
    super(message);
    this.name = 'LookupTableError';
  }
}
