import type { OdooFault } from './faults';
import type { OdooStruct } from './values';

/**
 * How each transport shows a fault. The rules come from Odoo's dispatchers (see
 * /work/shared/apis/odoo-servicenow-looker.md A.1-A.3); the transports only serialize what these return.
 */

/** JSON-2 (Odoo 19) answers errors with an HTTP status taken from the exception class. */
export function json2HttpStatus(fault: OdooFault): number {
  switch (fault.exceptionClass) {
    case 'werkzeug.exceptions.Unauthorized':
      return 401;
    case 'werkzeug.exceptions.BadRequest':
      return 400;
    case 'werkzeug.exceptions.NotFound':
    case 'odoo.exceptions.MissingError':
      return 404;
    case 'odoo.exceptions.AccessError':
    case 'odoo.exceptions.AccessDenied':
      return 403;
    case 'odoo.exceptions.UserError':
    case 'odoo.exceptions.ValidationError':
    case 'werkzeug.exceptions.UnprocessableEntity':
      return 422;
    default:
      return 500;
  }
}

/** The JSON-2 error body. */
export function json2ErrorBody(fault: OdooFault): OdooStruct {
  const status = json2HttpStatus(fault);
  const isHttpException = fault.exceptionClass.startsWith('werkzeug.');
  return {
    name: fault.exceptionClass,
    message: fault.message,
    arguments: isHttpException ? [fault.message, status] : [fault.message],
    context: {},
    debug: pythonTraceback(fault),
  };
}

/**
 * XML-RPC `/xmlrpc/2/*` fault: `xmlrpc_handle_exception_int`. AccessError 4, AccessDenied 3, the rest of
 * the UserError family 2 (message only), anything else 1 with the whole traceback as faultString.
 */
export function xmlRpcFault(fault: OdooFault): { faultCode: number; faultString: string } {
  switch (fault.exceptionClass) {
    case 'odoo.exceptions.AccessError':
      return { faultCode: 4, faultString: fault.message };
    case 'odoo.exceptions.AccessDenied':
      return { faultCode: 3, faultString: fault.message };
    case 'odoo.exceptions.UserError':
    case 'odoo.exceptions.ValidationError':
    case 'odoo.exceptions.MissingError':
      return { faultCode: 2, faultString: fault.message };
    default:
      return { faultCode: 1, faultString: pythonTraceback(fault) };
  }
}

/** `error.data` of a JSON-RPC (`/jsonrpc`) failure: `serialize_exception`. */
export function jsonRpcErrorData(fault: OdooFault): OdooStruct {
  return {
    name: fault.exceptionClass,
    message: fault.message,
    arguments: [fault.message],
    context: {},
    debug: pythonTraceback(fault),
  };
}

/**
 * Traceback-shaped text ending in the exception line, as Odoo puts in faultString (fault 1) and in
 * `debug`. Clients classify by that last line, so it follows Python's format exactly: builtins print
 * without their module, other classes with it.
 */
export function pythonTraceback(fault: OdooFault): string {
  const exceptionLine = fault.exceptionClass.startsWith('builtins.')
    ? `${fault.className}: ${fault.message}`
    : `${fault.exceptionClass}: ${fault.message}`;
  return (
    'Traceback (most recent call last):\n' +
    '  File "/usr/lib/python3/dist-packages/odoo/service/model.py", line 133, in retrying\n' +
    '    result = func()\n' +
    '  File "/usr/lib/python3/dist-packages/odoo/api.py", line 484, in call_kw\n' +
    '    result = _call_kw_multi(method, model, args, kwargs)\n' +
    `${exceptionLine}\n`
  );
}
