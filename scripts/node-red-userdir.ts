// Prepares a Node-RED user directory that loads this pack from the working tree, the way
// `npm install <path>` in ~/.node-red would: a symlink in node_modules, so a rebuild is picked up
// on the next start with nothing to reinstall. Used by `npm start` and by the load tests.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
  const flowFile = join(userDir, 'flows.json');
  const firstStart = !existsSync(flowFile);
  const credentialSecret = process.env['MLC_CREDENTIAL_SECRET'] || userDirSecret(userDir, firstStart);
  const settings = {
    uiHost: options.host ?? '127.0.0.1',
    uiPort: options.port,
    flowFile: 'flows.json',
    flowFilePretty: true,
    logging: { console: { level: 'info', metrics: false, audit: false } },
    editorTheme: { tours: false, projects: { enabled: false } },
    // No consent dialog over the canvas on first open; a user can turn it on in the editor's settings.
    telemetry: { enabled: false, updateNotification: false },
    // MLC_CREDENTIAL_SECRET, else a secret generated on the first start and kept in the user directory;
    // a user directory from before that keeps Node-RED's own system key.
    ...(credentialSecret ? { credentialSecret } : {}),
    ...options.extraSettings,
  };
  const settingsFile = join(userDir, 'settings.js');
  writeFileSync(settingsFile, `// Written by ml-connector's start script; edits are overwritten.\nmodule.exports = ${JSON.stringify(settings, null, 2)};\n`);
  if (options.initialFlows && firstStart) {
    writeFileSync(flowFile, JSON.stringify(options.initialFlows, null, 2));
    if (options.initialCredentials && Object.keys(options.initialCredentials).length > 0) {
      const content = credentialSecret ? encryptCredentials(credentialSecret, options.initialCredentials) : options.initialCredentials;
      writeFileSync(join(userDir, 'flows_cred.json'), JSON.stringify(content, null, 2));
    }
  }
  return { settingsFile, flowFile };
}

const SECRET_FILE = '.mlc-credential-secret';

/** The user directory's own credential secret: made on a first start, read on later ones. */
function userDirSecret(userDir: string, firstStart: boolean): string | undefined {
  const file = join(userDir, SECRET_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim() || undefined;
  if (!firstStart) return undefined;
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * flows_cred.json as Node-RED writes it (aes-256-ctr, key sha256(credentialSecret), IV in hex before
 * the base64 text), so a first start shows no "Encrypted credentials not found" warning.
 */
function encryptCredentials(secret: string, credentials: Record<string, Record<string, string>>): { $: string } {
  const key = createHash('sha256').update(secret).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-ctr', key, iv);
  return { $: iv.toString('hex') + cipher.update(JSON.stringify(credentials), 'utf8', 'base64') + cipher.final('base64') };
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
