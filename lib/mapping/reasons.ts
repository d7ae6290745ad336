// Why a record was rejected. Reasons are read by people fixing data (in the debug sidebar, in the
// audit store before a replay), so every message names the field and shows the offending value.
import { showValue } from './json';

export type RejectionCode =
  | 'not_an_object'
  | 'missing'
  | 'lookup_miss'
  | 'invalid_key'
  | 'invalid_date'
  | 'invalid_number'
  | 'expression_error'
  | 'wrong_type'
  | 'key_unresolved';

export interface RejectionReason {
  /** The target field (dotted path), or "(record)" / "(key)" for problems with the whole record. */
  field: string;
  message: string;
  code: RejectionCode;
}

export type MapResult =
  | { ok: true; value: Record<string, unknown>; key?: string }
  | { ok: false; reasons: RejectionReason[]; key?: string };

/** How a rule is named in messages: its label ("cost center") or `field "<target>"`. */
export interface RuleNaming {
  readonly target: string;
  readonly label: string | undefined;
}

/** `cost center "CC-9" not found…` with a label, `field "cc": "CC-9" not found…` without. */
export function valueReason(rule: RuleNaming, code: RejectionCode, value: unknown, detail: string): RejectionReason {
  const subject = rule.label ? `${rule.label} ` : `field "${rule.target}": `;
  return { field: rule.target, code, message: `${subject}${showValue(value)} ${detail}` };
}

export function missingReason(rule: RuleNaming, from: string | undefined): RejectionReason {
  const subject = rule.label ?? `field "${rule.target}"`;
  const where = from === undefined ? 'has no value' : `is missing (source "${from}")`;
  return { field: rule.target, code: 'missing', message: `${subject} ${where}` };
}

export function summarize(reasons: readonly RejectionReason[]): string {
  return reasons.map((r) => r.message).join('; ');
}
