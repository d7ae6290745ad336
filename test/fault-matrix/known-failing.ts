// Fault-matrix cells that are known to fail, each with its reason in one line: they still run (node:test
// `todo`) and report, but do not fail the suite. Empty since the write protocols became exactly once
// (Odoo load() with external ids and a lookup after every unknown outcome, claims taken back at
// restart and by lease); a write node that joins the matrix with a known gap lists it here, with the
// issue that closes it, and never silently.
export const KNOWN_FAILING: ReadonlyMap<string, string> = new Map<string, string>([]);
