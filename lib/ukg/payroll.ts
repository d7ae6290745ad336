import type { UkgClient } from './client';
import { dateFilterValue } from './dates';

/** Check-level pay register for a pay-date range: `GET /payroll/v1/pay-register?payDate={from,to}`. */
export async function* readPayRegister(client: UkgClient, range: { from: string; to: string }, signal?: AbortSignal): AsyncGenerator<Array<Record<string, unknown>>> {
  yield* client.pages<Record<string, unknown>>('/payroll/v1/pay-register', { payDate: dateFilterValue(range) }, signal ? { signal } : {});
}

/**
 * Pay statement summaries of one company for a date range: `POST /payroll/v1/companies/pay-statements-summary`,
 * a query sent as a POST body (it carries pay data), paged in the body.
 */
export async function* readPayStatementSummaries(
  client: UkgClient,
  query: { companyId: string; from: string; to: string; payGroup?: string },
  signal?: AbortSignal,
): AsyncGenerator<Array<Record<string, unknown>>> {
  const pageSize = client.settings.pageSize;
  for (let page = 1; ; page++) {
    const response = await client.request<unknown>({
      method: 'POST',
      path: '/payroll/v1/companies/pay-statements-summary',
      json: { companyId: query.companyId, startDate: query.from, endDate: query.to, ...(query.payGroup ? { payGroup: query.payGroup } : {}), page, per_Page: pageSize },
      // A read sent as POST: safe to resend.
      idempotent: true,
      acceptStatuses: [404],
      ...(signal ? { signal } : {}),
    });
    if (response.status === 404 || !Array.isArray(response.data)) return;
    const rows = response.data as Array<Record<string, unknown>>;
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
  }
}
