export { HttpClient } from './client';
export { defaultErrorMessage } from './error-message';
export { codeForStatus, HttpError, isHttpError, type HttpErrorCode, type HttpErrorDetails } from './errors';
export {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  parseRetryAfterMs,
  retryPolicySchema,
  type RetryPolicy,
  type RetryPolicyInput,
} from './retry-policy';
export type { HttpClientOptions, HttpMethod, HttpRequest, HttpResponse, QueryValue, RequestAuth, RetryEvent } from './types';
