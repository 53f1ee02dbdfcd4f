/**
 * The one definition of "just after the next frame is painted" that every browser measure
 * (`npm run bench`, `scripts/rota-trace.ts`) times against: requestAnimationFrame, then a
 * message posted from it, which runs once that frame's style, layout and paint are done;
 * and the two-frame wait the measures use to let a page settle before they start.
 */
import type { Page } from 'playwright-core';

declare global {
  interface Window {
    spokeAfterNextPaint?: () => Promise<void>;
  }
}

/**
 * Defines `window.spokeAfterNextPaint` in the page's current document; a measure reads it
 * there (`const painted = window.spokeAfterNextPaint`) and fails if it is missing.
 */
export async function ensurePaintProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.spokeAfterNextPaint ??= () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => resolve();
          ch.port2.postMessage(0);
        }),
      );
  });
}

/** Waits, from Node, until two more frames have started: what is in the DOM has been painted. */
export async function afterTwoFrames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}
