import { z } from 'zod';

/**
 * The sandbox's answers where the notes are unsure (F.3). `GET`/`POST /__sandbox/options` or
 * `new ProcoreSimulator({ wire })`; back to the constructor's values on reset.
 */
export interface WireOptions {
  /** Status for a call without `Procore-Company-Id` (F.3: 400 or 403). Default 400. */
  missingCompanyHeaderStatus: 400 | 403;
  /** Whether `GET /me` and `GET /companies` need the header too; with client credentials Procore says they do. */
  companyHeaderOnMeAndCompanies: 'required' | 'optional';
  /** `per_page` when none is given (F.3: probably 100). */
  defaultPerPage: number;
  /** A bigger `per_page` is cut to this silently; null: no cap (Procore recommends ≤ 2,000). */
  maxPerPage: number | null;
}

export function defaultWireOptions(): WireOptions {
  return { missingCompanyHeaderStatus: 400, companyHeaderOnMeAndCompanies: 'required', defaultPerPage: 100, maxPerPage: null };
}

export const wireOptionsPatch = z.strictObject({
  missingCompanyHeaderStatus: z.union([z.literal(400), z.literal(403)]).optional(),
  companyHeaderOnMeAndCompanies: z.enum(['required', 'optional']).optional(),
  defaultPerPage: z.number().int().min(1).optional(),
  maxPerPage: z.number().int().min(1).nullable().optional(),
});

export type WireOptionsPatch = z.infer<typeof wireOptionsPatch>;
