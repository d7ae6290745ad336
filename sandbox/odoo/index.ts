/** The Odoo simulator; `engine/` is its transport-independent core. */
export { OdooSimulator, type OdooSimulatorOptions } from './simulator';
export { OdooCallFaults, type AfterCommitAction, type OdooCallFault } from './call-faults';
