// A real browser for the web door's tests: Debian's chromium, driven by playwright-core (no browser
// download). Root and CI need --no-sandbox; the rest keeps Chromium from calling home during a test.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium fonts-ipafont-gothic), or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

export const DESKTOP = { width: 1280, height: 900 };
/** A common phone's CSS width (iPhone 12 to 15). */
export const PHONE = { width: 390, height: 844 };

/** Where the screenshots go, when MDOC_SCREENSHOTS=1 asks for them (they change with every run's dates). */
export const SCREENSHOT_DIR = path.resolve('docs/screenshots');
export const screenshotsWanted = process.env.MDOC_SCREENSHOTS === '1';

/** The page at desktop and at phone width, as docs/screenshots/<name>-desktop.png and -phone.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!screenshotsWanted) return;
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const size = page.viewportSize() ?? DESKTOP;
  for (const [suffix, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${suffix}.png`), fullPage: true });
  }
  await page.setViewportSize(size);
}
