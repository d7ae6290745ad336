import { xml, type Router } from '../../kit';
import type { OdooCallFaults } from '../call-faults';
import type { OdooEngine } from '../engine';
import { asRpcFailure, failureClass, xmlRpcFaultFor } from './python-error';
import { dispatchRpc } from './services';
import { decodeMethodCall } from './xmlrpc-decode';
import { faultResponse, methodResponse } from './xmlrpc-encode';

/**
 * `POST /xmlrpc/2/<service>` (common, object, db). Every answer, fault or not, is HTTP 200 text/xml,
 * as Odoo attaches the fault document to a plain 200 Response.
 */
export function registerXmlRpc(router: Router, engine: OdooEngine, callFaults: OdooCallFaults): void {
  router.post('/xmlrpc/2/:service', async (request) => {
    const service = request.params.service;
    request.annotate({ transport: 'xmlrpc', service });
    try {
      const call = decodeMethodCall(await request.text());
      let modelCall: { model: string; method: string } | undefined;
      const result = dispatchRpc(engine, { service, method: call.methodName, params: call.params, paramsKind: 'tuple' }, (tags) => {
        request.annotate(tags);
        if (typeof tags['model'] === 'string' && typeof tags['method'] === 'string') modelCall = { model: tags['model'], method: tags['method'] };
      });
      // Marshalling happens after the call committed, so a None result faults with its work kept.
      const answer = xml(methodResponse(result));
      return modelCall ? await callFaults.answer(request, modelCall, answer) : answer;
    } catch (error) {
      const failure = asRpcFailure(error);
      request.annotate({ fault: failureClass(failure) });
      return xml(faultResponse(xmlRpcFaultFor(failure)));
    }
  });
}
