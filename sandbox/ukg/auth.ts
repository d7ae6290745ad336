import { timingSafeEqual } from 'node:crypto';
import type { SandboxRequest } from '../kit';
import { DEMO_CUSTOMER_API_KEY, SERVICE_ACCOUNTS, type Role, type ServiceAccount, type WebService } from './accounts';
import { forbidden, unauthorized } from './wire/errors';

/**
 * The core APIs' gate: HTTP Basic for a web service account plus the tenant's `US-Customer-Api-Key`
 * on every call, then the account's roles on the resource's web service. `x-api-key` and
 * `US-Client-Id` are accepted and ignored (the notes disagree on whether tenants use them).
 */
export function requireServiceAccount(request: SandboxRequest, service: WebService, roles: readonly Role[] = ['View']): ServiceAccount {
  if (request.bearerToken() !== undefined) throw unauthorized('this API takes Basic authentication, not a bearer token');
  const credentials = request.basicAuth();
  if (!credentials) throw unauthorized('Basic authentication required');
  const account = SERVICE_ACCOUNTS.find((candidate) => sameText(candidate.username, credentials.user) && sameText(candidate.password, credentials.password));
  if (!account) throw unauthorized('invalid username or password');
  const key = request.header('us-customer-api-key');
  if (key === undefined || key.trim() === '') throw unauthorized('US-Customer-Api-Key header required');
  if (!sameText(key.trim(), DEMO_CUSTOMER_API_KEY)) throw unauthorized('invalid US-Customer-Api-Key');
  const granted = account.roles.get(service);
  const missing = roles.find((role) => !granted?.has(role));
  if (missing !== undefined) throw forbidden(account.username, service, missing);
  request.annotate({ account: account.username, webService: service });
  return account;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
