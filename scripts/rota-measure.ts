/**
 * The rota's two browser measures, as `npm run bench` reports them and
 * `scripts/rota-trace.ts` traces them: one definition, so a trace always looks at the
 * time the benchmark counts.
 */
import type { Page } from 'playwright-core';
import { afterTwoFrames, ensurePaintProbe } from './paint-probe';

/**
 * Signs in at `url` as the benchmark practice's manager and waits until the staff page's
 * first row is painted: where every rota measure starts.
 */
export async function openStaffAsBenchManager(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: /Bench Manager/ }).click();
  await page.locator('[data-testid="staff-row"]').first().waitFor({ state: 'visible' });
  await afterTwoFrames(page);
}

/**
 * From the painted staff page: a click on Rota (or, when today is outside the seeded
 * year, the address of the rota at 2 March 2026) to the 4-week grid painted with its duty
 * codes and coverage rows, in ms.
 */
export async function openRota(page: Page, useLink = true): Promise<number> {
  await ensurePaintProbe(page);
  return page.evaluate(async (link: boolean) => {
    const painted = window.spokeAfterNextPaint;
    if (!painted) throw new Error('no paint probe');
    const ready = () => {
      const grid = document.querySelector('[data-testid="rota-grid"]');
      const codes = grid ? [...grid.querySelectorAll('.spoke-rota__code')].some((c) => (c.textContent ?? '') !== '') : false;
      return codes && grid?.querySelector('[data-testid="coverage-row"]') !== null;
    };
    performance.mark('open-start');
    const t0 = performance.now();
    if (link) document.querySelector<HTMLAnchorElement>('a[href="#/rota"]')?.click();
    else location.hash = '#/rota/2026-03-02';
    await new Promise<void>((resolve) => {
      if (ready()) return resolve();
      const obs = new MutationObserver(() => {
        if (ready()) {
          obs.disconnect();
          resolve();
        }
      });
      obs.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    await painted();
    performance.mark('open-end');
    return performance.now() - t0;
  }, useLink);
}

/**
 * Scrolling the grid down and across, a step per frame, bouncing at the edges: each
 * frame's time from its start to just after its paint (the first 10 frames left out), and
 * the grid's row count as it tells assistive technology.
 */
export function scrollRota(page: Page): Promise<{ times: number[]; rowcount: number }> {
  return page.evaluate(async () => {
    const grid = document.querySelector<HTMLElement>('[data-testid="rota-grid"]');
    if (!grid) throw new Error('no grid');
    const times: number[] = [];
    let dy = 29;
    let dx = 17;
    await new Promise<void>((resolve) => {
      let n = 0;
      const frame = (start: number) => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => times.push(performance.now() - start);
        ch.port2.postMessage(0);
        if (grid.scrollTop + grid.clientHeight + dy >= grid.scrollHeight || grid.scrollTop + dy < 0) dy = -dy;
        if (grid.scrollLeft + grid.clientWidth + dx >= grid.scrollWidth || grid.scrollLeft + dx < 0) dx = -dx;
        grid.scrollTop += dy;
        grid.scrollLeft += dx;
        if (++n < 240) requestAnimationFrame(frame);
        else setTimeout(resolve, 100);
      };
      requestAnimationFrame(frame);
    });
    return { times: times.slice(10), rowcount: Number(grid.getAttribute('aria-rowcount')) };
  });
}
