import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The practice manager's rota journey on the demo practice, in Chromium against the real
 * web host and SQLite core: apply patterns to an empty week, find a duty-doctor gap in the
 * coverage row, fill it from the keyboard, undo and redo it, then approve leave that breaks
 * the rota and see the conflict flagged.
 */

async function openDemoRota(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole('button', { name: 'Open the demo practice' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Staff' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rota', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rota' })).toBeVisible();
  await expect(page.getByTestId('rota-grid')).toBeVisible();
  await page.getByRole('radio', { name: 'Week', exact: true }).click();
}

/** The distinct dates of the week on screen, Monday first, read from the grid's cells. */
async function datesShown(grid: Locator): Promise<string[]> {
  const cells = await grid.locator('[data-cell]').evaluateAll((els) => els.map((e) => e.getAttribute('data-cell') ?? ''));
  return [...new Set(cells.map((c) => c.split('|')[1] ?? ''))].filter(Boolean).sort();
}

const coverageCell = (grid: Locator, rowLabel: string, date: string, session: string) =>
  grid.getByTestId('coverage-row').filter({ has: grid.page().getByRole('rowheader', { name: rowLabel, exact: true }) }).locator(`[data-date="${date}"][data-session="${session}"]`);

test('plan a week from patterns, fill a gap by keyboard, undo it, approve leave and see the conflict', async ({ page, spoke }) => {
  await openDemoRota(page, spoke.url);
  const grid = page.getByTestId('rota-grid');

  // Ten weeks ahead is past the demo's eight planned weeks: an empty week to plan.
  for (let i = 0; i < 10; i++) await page.getByRole('button', { name: 'Next week' }).click();
  await expect(grid.locator('[data-cell]').first()).toBeVisible();
  await expect(grid.locator('.spoke-rota__code').filter({ hasText: /\S/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Apply patterns…' }).click();
  await page.getByRole('button', { name: 'Preview changes' }).click();
  const preview = page.getByTestId('planner-preview');
  await expect(preview).toContainText(/[1-9]\d* to add, 0 to change/);
  await preview.getByRole('button', { name: /^Apply \d+ changes$/ }).click();
  await expect(grid.locator('.spoke-rota__code', { hasText: 'SURG' }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: /^Undo/ })).toBeEnabled();

  // Two weeks from now the demo's Thursday PM duty doctor at the main surgery was moved to surgery: a gap.
  await page.getByRole('button', { name: 'Today' }).click();
  await page.getByRole('button', { name: 'Next week' }).click();
  await page.getByRole('button', { name: 'Next week' }).click();
  await page.getByLabel('Site').selectOption({ label: 'Spokeford Surgery' });
  const dates = await datesShown(grid);
  const thursday = dates[3];
  expect(thursday).toBeDefined();
  const gap = coverageCell(grid, 'Duty doctor, Spokeford Surgery', thursday!, 'pm');
  await expect(gap).toHaveText(/^0\/1/);
  await expect(gap).toHaveClass(/spoke-rota__cov--short/);

  // Fill it from the keyboard: a GP on surgery that afternoon becomes duty doctor.
  const surgery = grid.locator(`[data-cell$="|${thursday!}|pm"]`).and(page.locator('[aria-label^="SURG: Routine surgery."]')).first();
  await surgery.click();
  await expect(surgery).toBeFocused();
  await page.keyboard.type('dd');
  await expect(page.getByRole('option', { name: /Duty doctor/ })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(gap).toHaveText(/^1\/1/);
  await expect(gap).toHaveClass(/spoke-rota__cov--ok/);

  // Undo puts the gap back, redo fills it again (each saved through the core).
  await page.keyboard.press('Control+z');
  await expect(gap).toHaveText(/^0\/1/);
  await page.keyboard.press('Control+y');
  await expect(gap).toHaveText(/^1\/1/);
  // Reload the week from the core: the fill was saved.
  await page.getByRole('button', { name: 'Next week' }).click();
  await page.getByRole('button', { name: 'Previous week' }).click();
  await expect(gap).toHaveText(/^1\/1/);

  // A study day waiting for approval: approve it without clearing the nurse's clinic.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leave', exact: true }).click();
  const owen = page.getByTestId('leave-decision').filter({ hasText: 'Owen Prys' });
  await owen.getByRole('button', { name: /^Review/ }).click();
  await expect(owen.getByTestId('leave-affected')).toContainText('Nurse clinic');
  await expect(owen.getByTestId('leave-conflicts')).toContainText('Owen Prys is on approved study leave');
  await owen.getByRole('checkbox', { name: /Also clear the/ }).uncheck();
  await owen.getByRole('button', { name: /^Approve/ }).click();
  await expect(page.getByTestId('leave-decision').filter({ hasText: 'Owen Prys' })).toHaveCount(0);
  await expect(page.getByTestId('leave-table')).toContainText('Approved');

  // The rota flags it: in the conflicts list, and the cell itself says so to a screen reader.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rota', exact: true }).click();
  await page.getByLabel('Site').selectOption({ label: 'All sites' });
  await page.getByRole('radio', { name: '4 weeks' }).click();
  // Owen's study day is five weeks after the demo's first Monday: in this 4-week view or one of the next two.
  // Each step waits until the new dates have loaded before looking (a stale list must not send us past it).
  const conflict = page.getByTestId('rota-conflicts').getByRole('button', { name: /Owen Prys is on approved study leave/ }).first();
  // Loaded means the dates and the conflicts list under the grid (drawn once the grid has painted).
  const loaded = page.locator('[data-testid="rota-page"][aria-busy="false"] [data-testid="rota-conflicts-section"][aria-busy="false"]');
  await expect(loaded).toBeVisible();
  for (let i = 0; i < 3 && !(await conflict.isVisible()); i++) {
    await page.getByRole('button', { name: 'Next 4 weeks' }).click();
    await expect(loaded).toBeVisible();
  }
  await expect(conflict).toBeVisible();
  await conflict.click();
  const flagged = grid.locator('[data-active="true"]');
  await expect(flagged).toBeFocused();
  await expect(flagged).toHaveAttribute('aria-label', /Study leave\. Conflict: Owen Prys is on approved study leave/);
  await expect(flagged).toHaveClass(/spoke-rota__cell--error/);
});

test('a garbage paste is refused whole with a clear message', async ({ page, spoke }) => {
  await openDemoRota(page, spoke.url);
  const grid = page.getByTestId('rota-grid');
  const first = grid.locator('[data-active="true"]');
  await first.click();
  const before = await grid.locator('.spoke-rota__code').allTextContents();
  await first.evaluate((el) => {
    const data = new DataTransfer();
    data.setData('text/plain', 'SURG\tDD\nthis is not a rota\tADM\n');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(page.getByTestId('rota-message')).toContainText('Nothing was pasted. "this is not a rota" at row 2, column 1 is not a duty code');
  expect(await grid.locator('.spoke-rota__code').allTextContents()).toEqual(before);
});

test('the active cell keeps the focus while the 4-week grid scrolls it out of view and back, and the arrows still move from it', async ({ page, spoke }) => {
  await openDemoRota(page, spoke.url);
  await page.getByRole('radio', { name: '4 weeks', exact: true }).click();
  const grid = page.getByTestId('rota-grid');
  const first = grid.locator('[data-active="true"]');
  await first.click();
  await expect(first).toBeFocused();
  const key = await first.getAttribute('data-cell');
  // Only the rows and columns in view are drawn: scroll the active cell far out of view, right and down, then back.
  const focusedAfter = async (left: number, top: number) =>
    grid.evaluate(
      async (el, to) => {
        el.scrollLeft = to.left;
        el.scrollTop = to.top;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        await new Promise((r) => setTimeout(r, 50));
        return (document.activeElement as HTMLElement | null)?.dataset.cell ?? null;
      },
      { left, top },
    );
  expect(await focusedAfter(400, 0)).toBe(key);
  expect(await focusedAfter(2000, 600)).toBe(key);
  const drawn = await grid.locator('[data-cell]').count();
  expect(drawn).toBeLessThan(1000);
  expect(await focusedAfter(0, 0)).toBe(key);
  await page.keyboard.press('ArrowRight');
  await expect(grid.locator('[data-active="true"]')).toBeFocused();
  expect(await grid.locator('[data-active="true"]').getAttribute('data-cell')).not.toBe(key);
});

test('the rota grid, month view and leave page pass axe-core WCAG 2.2 AA checks', async ({ page, spoke }) => {
  await openDemoRota(page, spoke.url);
  const axe = async () => {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    return results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  };
  await expect(page.getByTestId('rota-grid').locator('[data-cell]').first()).toBeVisible();
  expect(await axe()).toEqual([]);
  // With the cell editor and its completion list open.
  await page.getByTestId('rota-grid').locator('[data-active="true"]').click();
  await page.keyboard.type('s');
  await expect(page.getByRole('listbox', { name: 'Duties' })).toBeVisible();
  expect(await axe()).toEqual([]);
  await page.keyboard.press('Escape');
  await page.getByRole('radio', { name: 'Month' }).click();
  await expect(page.getByTestId('rota-heatmap')).toBeVisible();
  expect(await axe()).toEqual([]);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leave', exact: true }).click();
  await page.getByTestId('leave-decision').first().getByRole('button', { name: /^Review/ }).click();
  await expect(page.getByTestId('leave-decision').first().getByRole('button', { name: /^Approve/ })).toBeVisible();
  expect(await axe()).toEqual([]);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Named leads', exact: true }).click();
  await expect(page.getByTestId('leads-table')).toBeVisible();
  expect(await axe()).toEqual([]);
});
