// A real browser for the web door's tests: Debian's chromium, driven by playwright-core (no browser
// download). Root and CI need --no-sandbox; the rest keeps Chromium from calling home during a test.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
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

/** What a target-size check found too small: the element, and its box in CSS px. */
export interface SmallTarget {
  element: string;
  width: number;
  height: number;
}

/** The smallest touch target the pages allow, as the Digital Agency's design system asks. */
export const MIN_TARGET_PX = 44;

/**
 * Every interactive element of the page that is smaller than 44 × 44 CSS px at the current width. A radio or
 * checkbox is measured by its label, which takes the tap for it; what is not rendered (a question hidden
 * until another answer) is no target.
 */
export function smallTargets(page: Page): Promise<SmallTarget[]> {
  return page.evaluate((min) => {
    // Run in the page (this project compiles without the DOM's types).
    const { document } = globalThis as any;
    const found: SmallTarget[] = [];
    const interactive = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])');
    for (const element of interactive) {
      const choice = element.tagName === 'INPUT' && (element.type === 'radio' || element.type === 'checkbox');
      const target = choice ? (element.closest('label') ?? element) : element;
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.width < min - 0.01 || box.height < min - 0.01) {
        const name = element.getAttribute('name') ?? element.getAttribute('href') ?? element.textContent?.trim().slice(0, 30) ?? '';
        found.push({ element: `${element.tagName.toLowerCase()} ${name}`, width: Math.round(box.width * 10) / 10, height: Math.round(box.height * 10) / 10 });
      }
    }
    return found;
  }, MIN_TARGET_PX);
}

/** smallTargets at a phone's width (the viewport is put back afterwards). */
export async function smallTargetsOnPhone(page: Page): Promise<SmallTarget[]> {
  const size = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(PHONE);
  try {
    return await smallTargets(page);
  } finally {
    await page.setViewportSize(size);
  }
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core's violations on the page as it is now. Its source is evaluated through the DevTools protocol,
 * which the pages' CSP (no script at all) does not govern; nothing is added to the page.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const { axe, document } = globalThis as any;
    const result: { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] } = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, AXE_TAGS);
}
