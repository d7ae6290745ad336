// Prepares a Node-RED user directory that loads this pack from the working tree, the way
// `npm install <path>` in ~/.node-red would: a symlink in node_modules, so a rebuild is picked up
// on the next start with nothing to reinstall. Used by `npm start` and by the load tests.
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PACKAGE_NAME = '@ml-connector/node-red';

export interface UserDirOptions {
  userDir: string;
  projectRoot: string;
  host?: string;
  port: number;
  /** Written as flows.json only when the user directory has none, so a user's edits are kept. */
  initialFlows?: unknown[];
  /**
   * Written as flows_cred.json with the initial flows. Plain JSON: Node-RED encrypts it with the
   * credential secret on the first deploy. Values here are `${VAR}` references, not secrets.
   */
  initialCredentials?: Record<string, Record<string, string>>;
  /** Extra settings merged into settings.js (JSON-serialisable values only). */
  extraSettings?: Record<string, unknown>;
}

export function prepareUserDir(options: UserDirOptions): { settingsFile: string; flowFile: string } {
  const userDir = resolve(options.userDir);
  mkdirSync(join(userDir, 'node_modules', '@ml-connector'), { recursive: true });
  const link = join(userDir, 'node_modules', '@ml-connector', 'node-red');
  if (existsSync(link) || isDanglingLink(link)) rmSync(link, { recursive: false, force: true });
  symlinkSync(resolve(options.projectRoot), link, 'dir');

  const packageFile = join(userDir, 'package.json');
  if (!existsSync(packageFile)) {
    writeFileSync(
      packageFile,
      JSON.stringify({ name: 'mlc-node-red-userdir', private: true, dependencies: { [PACKAGE_NAME]: 'file:' + resolve(options.projectRoot) } }, null, 2),
    );
  }
  const settings = {
    uiHost: options.host ?? '127.0.0.1',
    uiPort: options.port,
    flowFile: 'flows.json',
    flowFilePretty: true,
    logging: { console: { level: 'info', metrics: false, audit: false } },
    editorTheme: { tours: false, projects: { enabled: false } },
    // No consent dialog over the canvas on first open; a user can turn it on in the editor's settings.
    telemetry: { enabled: false, updateNotification: false },
    // A fresh user directory gets a generated secret; an operator sets MLC_CREDENTIAL_SECRET to move it.
    ...(process.env['MLC_CREDENTIAL_SECRET'] ? { credentialSecret: process.env['MLC_CREDENTIAL_SECRET'] } : {}),
    ...options.extraSettings,
  };
  const settingsFile = join(userDir, 'settings.js');
  writeFileSync(settingsFile, `// Written by ml-connector's start script; edits are overwritten.\nmodule.exports = ${JSON.stringify(settings, null, 2)};\n`);
  const flowFile = join(userDir, 'flows.json');
  if (options.initialFlows && !existsSync(flowFile)) {
    writeFileSync(flowFile, JSON.stringify(options.initialFlows, null, 2));
    if (options.initialCredentials && Object.keys(options.initialCredentials).length > 0) {
      writeFileSync(join(userDir, 'flows_cred.json'), JSON.stringify(options.initialCredentials, null, 2));
    }
  }
  return { settingsFile, flowFile };
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
