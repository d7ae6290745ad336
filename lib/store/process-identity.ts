// Who this Node-RED process is, for claims and leases. The instance is stable across restarts of
// the same installation (host name and user directory), so a restarted instance recognises the
// claims it left behind; the process start is random, so a container that comes back with the
// same host name and pid 1 is still told apart from the start that crashed.
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { ClaimHolder } from './types';

/** How long a process stays alive in the store without a heartbeat; overridden per store config node. */
export const DEFAULT_PROCESS_LEASE_MS = 30_000;

const processStart = randomUUID();

/**
 * This process's holder identity. `MLC_INSTANCE_ID` names the instance when host name and user
 * directory do not tell instances apart (two containers given the same host name).
 */
export function processHolder(userDir: string): ClaimHolder {
  const configured = process.env['MLC_INSTANCE_ID']?.trim();
  const instance = configured || `${hostname()}:${createHash('sha256').update(resolve(userDir)).digest('hex').slice(0, 12)}`;
  return { instance, process: processStart };
}

/** How a process-bound lease (a read's) names its holder: the instance, then the process start. */
export function leaseHolderId(holder: ClaimHolder): string {
  return `${holder.instance}|${holder.process}`;
}

/** A short id unique to this process start, for run ids and claim owners. */
export function processTag(): string {
  return processStart.slice(0, 8);
}
