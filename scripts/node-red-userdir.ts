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
  const settingsFile = join(userDir, 'settings.js');
  if (!existsSync(settingsFile) || readFileSync(settingsFile, 'utf8').startsWith(OLD_GENERATED_MARK)) {
    // Written once, then the user's: adminAuth, TLS, another host are added there and kept. A file
    // from before (rewritten on every start, with the secret in it) is replaced by this one once.
    writeFileSync(settingsFile, settingsTemplate(options), { mode: 0o600 });
  }
  if (options.initialFlows && firstStart) {
    writeFileSync(flowFile, JSON.stringify(options.initialFlows, null, 2));
    if (options.initialCredentials && Object.keys(options.initialCredentials).length > 0) {
      const content = credentialSecret ? encryptCredentials(credentialSecret, options.initialCredentials) : options.initialCredentials;
      writeFileSync(join(userDir, 'flows_cred.json'), JSON.stringify(content, null, 2), { mode: 0o600 });
    }
  }
  return { settingsFile, flowFile };
}

/** The first line of the settings.js that start scripts before this one rewrote on every start. */
const OLD_GENERATED_MARK = "// Written by ml-connector's start script; edits are overwritten.";

/**
 * settings.js as created on a first start. The credential secret is not in it: it is read when
 * Node-RED starts, from MLC_CREDENTIAL_SECRET or the user directory's secret file. The editor
 * listens on 127.0.0.1 unless MLC_HOST says otherwise; the port comes from the start command.
 */
function settingsTemplate(options: UserDirOptions): string {
  const fixed = {
    flowFile: 'flows.json',
    flowFilePretty: true,
    logging: { console: { level: 'info', metrics: false, audit: false } },
    // Projects stay off by Node-RED's own default; naming them here would log a warning on every start.
    editorTheme: { tours: false },
    // No consent dialog over the canvas on first open; a user can turn it on in the editor's settings.
    telemetry: { enabled: false, updateNotification: false },
    ...options.extraSettings,
  };
  const body = JSON.stringify(fixed, null, 2).replace(/\n}$/, '');
  return `// Node-RED settings for ml-connector's \`npm start\`. Created once; yours to edit from now on
// (every start keeps it). https://nodered.org/docs/user-guide/runtime/configuration
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

// The key Node-RED encrypts credentials with: MLC_CREDENTIAL_SECRET, else the secret file beside
// this one (made on the first start, readable by its owner only). Never written here.
const secretFile = join(__dirname, '${SECRET_FILE}');
const credentialSecret = process.env.MLC_CREDENTIAL_SECRET || (existsSync(secretFile) ? readFileSync(secretFile, 'utf8').trim() : '');

module.exports = ${body},
  // Only this machine can reach the editor. To open it to others on purpose, set MLC_HOST=0.0.0.0
  // (or an address of this machine), and turn on adminAuth and https below first.
  uiHost: process.env.MLC_HOST || '${options.host ?? '127.0.0.1'}',
  uiPort: Number(process.env.MLC_PORT) || ${options.port},
  ...(credentialSecret ? { credentialSecret } : {}),

  // Editor login. Make a password hash with: npx node-red admin hash-pw
  // adminAuth: {
  //   type: 'credentials',
  //   users: [{ username: 'admin', password: '$2b$08$...', permissions: '*' }],
  // },

  // TLS for the editor and the HTTP nodes:
  // https: { key: readFileSync('/path/to/privkey.pem'), cert: readFileSync('/path/to/cert.pem') },
  // requireHttps: true,
};
`;
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
