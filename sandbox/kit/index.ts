/** The sandbox kit: everything a system simulator needs, and nothing from lib/ or nodes/. */
export { SandboxClock, type ClockMode, type ClockState } from './clock';
export { CONTROL_PREFIX, parseBody as parseControlBody, type SandboxControls } from './control-api';
export { FaultQueue, type FaultAction, type FaultKind, type FaultSpec, type PendingFault } from './faults';
export { SeededRandom } from './random';
export { Latency, type LatencySpec } from './latency';
export { maskAuthorization, maskSecret } from './masking';
export { Quota, type QuotaRule, type RateLimitHeaderStyle } from './quota';
export { SandboxRequest, type RouteParams } from './request';
export { RequestLog, type LogTags, type RequestLogEntry, type RequestLogFilter, type RequestOutcome } from './request-log';
export type { RequestMatch } from './request-match';
export { bodyResponse, empty, HttpError, json, setHeader, text, xml, type JsonValue, type SandboxResponse } from './response';
export { Router, type Handler, type ParamNames } from './router';
export { STATE_FILE_FORMAT, StateFile, StateFileError, writeAtomically, type SimulatorPersistence } from './persistence';
export { portFromEnv } from './port';
export { PortInUseError, startSimulator, type RunningSimulator, type StartSimulatorOptions } from './server';
export type { DemoCredentials, ResetOptions, Simulator, SimulatorContext } from './simulator';
export {
  postWebhook,
  WebhookDispatcher,
  type WebhookDeliveryAttempt,
  type WebhookDispatcherConfig,
  type WebhookDispatchOptions,
  type WebhookEnvelope,
  type WebhookMessageBase,
  type WebhookMessageStatus,
  type WebhookTargetBase,
} from './webhook-dispatcher';
export { childElements, escapeXml, parseXml, textContent, XmlSyntaxError, type XmlElement, type XmlNode } from './xml';
