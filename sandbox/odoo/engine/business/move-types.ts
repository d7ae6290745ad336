/** Facts about `account.move.move_type` that posting and line balancing depend on. */
export const MOVE_TYPES = [
  ['entry', 'Journal Entry'],
  ['out_invoice', 'Customer Invoice'],
  ['out_refund', 'Customer Credit Note'],
  ['in_invoice', 'Vendor Bill'],
  ['in_refund', 'Vendor Credit Note'],
  ['out_receipt', 'Sales Receipt'],
  ['in_receipt', 'Purchase Receipt'],
] as const;

export type MoveType = (typeof MOVE_TYPES)[number][0];

export function isInvoice(type: unknown): boolean {
  return typeof type === 'string' && type !== 'entry';
}

export function isPurchaseDocument(type: unknown): boolean {
  return type === 'in_invoice' || type === 'in_refund' || type === 'in_receipt';
}

export function isSaleDocument(type: unknown): boolean {
  return type === 'out_invoice' || type === 'out_refund' || type === 'out_receipt';
}

export function isRefund(type: unknown): boolean {
  return type === 'in_refund' || type === 'out_refund';
}

/**
 * +1 when an invoice's product lines are debits (vendor bills: expenses; customer credit notes),
 * -1 when they are credits (customer invoices: income; vendor credit notes).
 */
export function productLineSign(type: unknown): 1 | -1 {
  return type === 'in_invoice' || type === 'in_receipt' || type === 'out_refund' ? 1 : -1;
}

/** "Draft Bill", "Draft Entry"...: the prefix of a draft move's display name. */
export const DRAFT_LABEL: Readonly<Record<string, string>> = {
  out_invoice: 'Draft Invoice',
  out_refund: 'Draft Credit Note',
  in_invoice: 'Draft Bill',
  in_refund: 'Draft Vendor Credit Note',
  out_receipt: 'Draft Sales Receipt',
  in_receipt: 'Draft Purchase Receipt',
  entry: 'Draft Entry',
};
