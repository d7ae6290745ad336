// The editor tests drive Debian's Chromium headless. A test tool's own browser download cannot work
// here (no network but the package registries), so the browser comes from apt: installed when it is
// missing and this user may install packages; otherwise the browser tests say they are skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const found = () => CANDIDATES.find((p) => existsSync(p));

if (found()) process.exit(0);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!isRoot || !hasApt) {
  console.log('Chromium not found and apt-get not usable here: the editor tests in headless Chromium will be skipped.');
  process.exit(0);
}
console.log('Installing Debian\'s chromium for the editor tests (apt-get, once)...');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
if (!found()) {
  console.error('apt-get finished but no chromium binary was found');
  process.exit(1);
}
