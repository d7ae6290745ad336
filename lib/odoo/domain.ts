// Odoo domains as flows give them (the editor's JSON, msg.domain): validated before they reach Odoo,
// so a typo is reported by the node in plain words instead of as a Python traceback, and combined with
// the read node's own conditions (cursor, id range) without changing what the user's part means.
import { z } from 'zod';

export type DomainOperator = '&' | '|' | '!';
export type DomainCondition = [string, string, unknown];
export type DomainTerm = DomainOperator | DomainCondition;
export type Domain = DomainTerm[];

const OPERATORS = [
  '=', '!=', '<>', '>', '>=', '<', '<=', '=?', 'like', 'not like', 'ilike', 'not ilike', '=like', '=ilike',
  'in', 'not in', 'child_of', 'parent_of', 'any', 'not any',
] as const;

const conditionSchema = z.tuple([z.string().min(1), z.string(), z.unknown()]);

// By hand rather than a union: a union's error would say "invalid input" where the user needs to
// hear which operator is unknown.
const termSchema = z.unknown().transform((term, ctx): DomainTerm => {
  if (typeof term === 'string') {
    if (term === '&' || term === '|' || term === '!') return term;
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(term)} is not a domain operator ('&', '|' or '!')` });
    return z.NEVER;
  }
  const condition = conditionSchema.safeParse(term);
  if (!condition.success) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(term)?.slice(0, 60)} is not a [field, operator, value] triple` });
    return z.NEVER;
  }
  const [field, operator, value] = condition.data;
  if (!(OPERATORS as readonly string[]).includes(operator.toLowerCase())) {
    ctx.addIssue({ code: 'custom', message: `unknown operator ${JSON.stringify(operator)} on ${field} (one of ${OPERATORS.join(', ')})` });
    return z.NEVER;
  }
  return [field, operator, value];
});

export const domainSchema = z.array(termSchema, { error: 'a domain is a JSON list, e.g. [["supplier_rank", ">", 0]]' });

export class DomainError extends Error {
  readonly code = 'MLC_ODOO_BAD_DOMAIN';
  constructor(message: string) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Parses a domain (a list, or JSON text of one); `where` names it in errors ("msg.domain"). */
export function parseDomain(value: unknown, where: string): Domain {
  let raw = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return [];
    try {
      raw = JSON.parse(value);
    } catch {
      throw new DomainError(`${where} is not JSON: ${value.slice(0, 60)}`);
    }
  }
  const parsed = domainSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.length ? `${where}[${issue.path.join('][')}]` : where;
    throw new DomainError(`${at}: ${issue?.message ?? 'invalid'}`);
  }
  const domain = parsed.data;
  checkArity(domain, where);
  return domain;
}

/**
 * Prefix operators must each find their operands ('&' and '|' two, '!' one). Read from the end, as
 * Odoo does: then a well-formed domain is a list of complete expressions, which Odoo ANDs implicitly,
 * and two such lists can simply be concatenated to AND them.
 */
function checkArity(domain: Domain, where: string): void {
  let operands = 0;
  for (let i = domain.length - 1; i >= 0; i--) {
    const term = domain[i];
    if (Array.isArray(term)) operands++;
    else if (term === '!') {
      if (operands < 1) throw new DomainError(`${where}: '!' at position ${i} has no condition after it`);
    } else {
      if (operands < 2) throw new DomainError(`${where}: '${term}' at position ${i} needs two conditions after it`);
      operands--;
    }
  }
}

/** All of the domains at once (each well-formed). */
export function andDomains(...domains: Domain[]): Domain {
  return domains.flat();
}

/** Context for a search that sees archived records: Odoo adds `active = True` to every search of a model with `active` unless active_test is off. */
export const WITH_ARCHIVED = { active_test: false } as const;
