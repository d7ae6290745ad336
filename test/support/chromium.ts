// Headless Debian Chromium for the editor tests, with the flags this machine needs (no background
// networking: the sandbox has no route out). Missing browser: skipped with one line, failed under CI.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

export function chromiumSkipReason(): string | false {
  if (CHROMIUM) return false;
  if (process.env['CI'] === 'true') throw new Error('Chromium is required under CI=true (scripts/ensure-chromium.mjs installs it)');
  return 'Chromium not installed: editor tests in headless Chromium skipped';
}

export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('Chromium not installed');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
