// What the Paylocity readers need of the client: the real PaylocityClient, or a stand-in in a unit test.
import type { PaylocityClient } from './client';

export type PaylocityReadClient = Pick<PaylocityClient, 'settings' | 'companyId' | 'listEmployees' | 'getEmployee' | 'payStatementSummaries' | 'payStatementDetails' | 'companyCodes'>;

/** Marks a promise that is awaited later as handled now, so a failure while it waits is not "unhandled". */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
