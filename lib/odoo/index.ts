export { OdooClient, type ConnectionReport, type Domain, type OdooRecord, type SearchReadOptions } from './client';
export { classifyFault, isOdooError, OdooError, parseTraceback, type OdooErrorCode } from './errors';
export { odooSettingsSchema, settingsProblem, TRANSPORT_CHOICES, type OdooSettings, type OdooSettingsInput, type TransportChoice } from './settings';
export type { OdooCall, OdooTransport, ServerVersion, TransportKind } from './types';
export { isoToOdooDatetime, normalizeRecord, odooDatetimeToIso, toOdooValues, type FieldTypes, type Many2one } from './values';
