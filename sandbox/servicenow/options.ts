import { z } from 'zod';

/**
 * The sandbox's answers where the notes are unsure (B.5, B.6). `GET`/`POST /__sandbox/options` or
 * `new ServiceNowSimulator({ wire })`; back to the constructor's values on reset.
 */
export interface WireOptions {
  /**
   * Column names of the `sn_fcms_intg_*` staging tables: the docs give labels only. Scoped-app tables
   * have no `u_` prefix, so the default is plain (`erp_po_number`); `u_` gives `u_erp_po_number`.
   * The `sn_spend_intg_imp_invoice*` tables always use `u_*`, as documented.
   */
  fcmsColumnPrefix: '' | 'u_';
  /** Sandbox-clock milliseconds between an `insertMultiple` and its transform. */
  insertMultipleDelayMs: number;
  /**
   * When an import answers 201 with an empty body: `acl` (default) when the user may not read a target
   * table of the transform, as ServiceNow does; `always`; `never`.
   */
  emptyImportBody: 'acl' | 'always' | 'never';
  /** Also send `X-RateLimit-Remaining` (ServiceNow documents only Limit, Reset and Rule). Default false. */
  rateLimitRemainingHeader: boolean;
}

export function defaultWireOptions(): WireOptions {
  return { fcmsColumnPrefix: '', insertMultipleDelayMs: 1000, emptyImportBody: 'acl', rateLimitRemainingHeader: false };
}

export const wireOptionsPatch = z.strictObject({
  fcmsColumnPrefix: z.enum(['', 'u_']).optional(),
  insertMultipleDelayMs: z.number().int().nonnegative().optional(),
  emptyImportBody: z.enum(['acl', 'always', 'never']).optional(),
  rateLimitRemainingHeader: z.boolean().optional(),
});

export type WireOptionsPatch = z.infer<typeof wireOptionsPatch>;
