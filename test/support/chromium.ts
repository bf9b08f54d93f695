// Debian's Chromium driven by playwright-core, with the flags this project runs it with (no sandbox in CI containers,
// no GPU, no background requests to Google): one place for the browser tests.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** For describe's skip option: why the browser tests cannot run here, or false. */
export const chromiumMissing = !existsSync(CHROMIUM) && 'chromium is not installed (scripts/system-packages.mjs installs it)';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout: 30_000,
  });
}
