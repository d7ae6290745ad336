import { jsonRpcErrorData, OdooFault, xmlRpcFault, type OdooStruct } from '../engine';

/**
 * A failure raised outside the ORM, in Odoo's RPC service layer (`odoo/service/*.py`, `odoo/http.py`):
 * unknown service or method, wrong argument count, a body `xmlrpc.client.loads` cannot read. These
 * carry Python classes the engine never raises (KeyError, NameError, Exception, ExpatError), and their
 * tracebacks end in the service layer rather than in `call_kw`, so they get their own type.
 */
export class PythonError extends Error {
  constructor(
    /** Dotted class as `serialize_exception` names it: 'builtins.KeyError', 'xml.parsers.expat.ExpatError'. */
    readonly pythonClass: string,
    /** `str(exc)`, which is also what the traceback prints after the class name. */
    message: string,
    /** `exc.args`; differs from `[message]` for KeyError, whose str() adds quotes. */
    readonly args: readonly string[] = [message],
    /** The whole traceback text when it is not the service layer's (e.g. a suppressed traceback). */
    private readonly tracebackText?: string,
  ) {
    super(message);
    this.name = 'PythonError';
  }

  /** The traceback `traceback.format_exception` would give, ending in the exception line. */
  traceback(): string {
    if (this.tracebackText !== undefined) return this.tracebackText;
    const shortClass = this.pythonClass.startsWith('builtins.') ? this.pythonClass.slice('builtins.'.length) : this.pythonClass;
    const exceptionLine = this.message === '' ? shortClass : `${shortClass}: ${this.message}`;
    return (
      'Traceback (most recent call last):\n' +
      '  File "/usr/lib/python3/dist-packages/odoo/http.py", line 413, in dispatch_rpc\n' +
      '    return dispatch(method, params)\n' +
      `${exceptionLine}\n`
    );
  }
}

/** Everything a transport reports as an RPC-level failure. */
export type RpcFailure = OdooFault | PythonError;

/** The failure inside `error`, or rethrows: anything else is a simulator bug and should answer 500. */
export function asRpcFailure(error: unknown): RpcFailure {
  if (error instanceof OdooFault || error instanceof PythonError) return error;
  throw error;
}

export function failureClass(failure: RpcFailure): string {
  return failure instanceof OdooFault ? failure.exceptionClass : failure.pythonClass;
}

/** `xmlrpc_handle_exception_int`: service-layer errors are never UserErrors, so always fault 1 with the traceback. */
export function xmlRpcFaultFor(failure: RpcFailure): { faultCode: number; faultString: string } {
  return failure instanceof OdooFault ? xmlRpcFault(failure) : { faultCode: 1, faultString: failure.traceback() };
}

/** `serialize_exception`, the `error.data` of a JSON-RPC failure. */
export function jsonRpcErrorDataFor(failure: RpcFailure): OdooStruct {
  if (failure instanceof OdooFault) return jsonRpcErrorData(failure);
  return { name: failure.pythonClass, message: failure.message, arguments: [...failure.args], context: {}, debug: failure.traceback() };
}
