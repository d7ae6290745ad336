import { STATUS_CODES } from 'node:http';
import { setHeader, text, type SandboxResponse } from '../../kit';

/*
 * Errors Odoo answers before any RPC dispatcher is involved come out as werkzeug's HTML pages.
 */

/** werkzeug's `HTTPException.get_body()`: description escaped by markupsafe, newlines as <br>. */
export function werkzeugErrorPage(status: number, description: string, headers: Record<string, string> = {}): SandboxResponse {
  const name = STATUS_CODES[status] ?? 'Unknown Error';
  const body =
    '<!doctype html>\n<html lang=en>\n' +
    `<title>${status} ${markupEscape(name)}</title>\n` +
    `<h1>${markupEscape(name)}</h1>\n` +
    `<p>${markupEscape(description).replace(/\n/g, '<br>')}</p>\n`;
  return htmlResponse(status, body, headers);
}

export const NOT_FOUND_DESCRIPTION =
  'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.';

/** `NOT_FOUND_NODB` (Odoo 18+): no database could be selected, e.g. from a wrong X-Odoo-Database. */
export function noDatabasePage(): SandboxResponse {
  return htmlResponse(
    404,
    '<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n' +
      '<p>No database is selected and the requested URL was not found in the server-wide controllers.</p>\n' +
      '<p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>\n\n' +
      '<!-- Alternatively, use the X-Odoo-Database header. -->\n',
  );
}

/**
 * What `_set_request_dispatcher` raises when the Content-Type does not fit the route's type
 * (Odoo 19 answers 415; earlier versions 400).
 */
export function wrongContentTypePage(route: string, routeType: string): SandboxResponse {
  return werkzeugErrorPage(
    415,
    `Request inferred type is compatible with ['http'] but '${route}' is type='${routeType}'.\n\n` +
      'Please verify the Content-Type request header and try again.',
  );
}

function htmlResponse(status: number, body: string, headers: Record<string, string> = {}): SandboxResponse {
  const response = text(body, { status, headers });
  setHeader(response, 'content-type', 'text/html; charset=utf-8');
  return response;
}

function markupEscape(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => MARKUP_ESCAPES[ch] ?? ch);
}

const MARKUP_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
