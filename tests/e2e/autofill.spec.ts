import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Auto-fill in Chromium against the real web host and SQLite core, on the demo practice:
 * a week with a duty-doctor gap is auto-filled (the solver runs in a Web Worker), the
 * progress shows, the proposal appears in the grid as proposed cells, Apply saves it as
 * one undoable step and Undo takes it all back. Cancel mid-run leaves the rota untouched.
 */

/** The demo practice's rota in the week view, `weeksAhead` weeks from now, at the main surgery. */
async function openDemoRotaWeek(page: Page, url: string, weeksAhead: number): Promise<{ grid: Locator; thursday: string }> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Open the demo practice' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Staff' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rota', exact: true }).click();
  await expect(page.getByTestId('rota-grid')).toBeVisible();
  await page.getByRole('radio', { name: 'Week', exact: true }).click();
  for (let i = 0; i < weeksAhead; i++) await page.getByRole('button', { name: 'Next week' }).click();
  await page.getByLabel('Site').selectOption({ label: 'Spokeford Surgery' });
  const grid = page.getByTestId('rota-grid');
  await expect(grid.locator('[data-cell]').first()).toBeVisible();
  const cells = await grid.locator('[data-cell]').evaluateAll((els) => els.map((e) => e.getAttribute('data-cell') ?? ''));
  const dates = [...new Set(cells.map((c) => c.split('|')[1] ?? ''))].filter(Boolean).sort();
  return { grid, thursday: dates[3] ?? '' };
}

const ddGap = (grid: Locator, date: string) =>
  grid.getByTestId('coverage-row').filter({ has: grid.page().getByRole('rowheader', { name: 'Duty doctor, Spokeford Surgery', exact: true }) }).locator(`[data-date="${date}"][data-session="pm"]`);

/** What the grid shows, cell by cell (the rows and columns in view). */
const gridText = (grid: Locator) => grid.locator('[data-cell]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-cell') ?? ''}=${e.textContent ?? ''}`).join('\n'));

test('auto-fill a week with gaps: progress, preview, apply as one step, undo', async ({ page, spoke }) => {
  // Ten weeks ahead is past the demo's eight planned weeks: every coverage row is short.
  const { grid, thursday } = await openDemoRotaWeek(page, spoke.url, 10);
  await expect(grid.locator('.spoke-rota__code').filter({ hasText: /\S/ })).toHaveCount(0);
  const gap = ddGap(grid, thursday);
  await expect(gap).toHaveText(/^0\/1/);
  const before = await gridText(grid);

  await page.getByRole('button', { name: 'Auto-fill…' }).click();
  const panel = page.getByTestId('autofill');
  await expect(panel.getByRole('progressbar', { name: 'Auto-fill progress' })).toBeVisible();
  await expect(panel.getByTestId('autofill-best')).toBeVisible();

  // The preview: proposed cells in the grid, the gap covered in the coverage row, nothing saved yet.
  const summary = panel.getByTestId('autofill-summary');
  await expect(summary).toContainText(/\d+ sessions? to add, shown as proposed in the grid: every coverage minimum met/, { timeout: 15_000 });
  await expect(grid.locator('[data-proposed]').first()).toBeVisible();
  await expect(gap).toHaveText(/^1\/1/);
  await expect(page.getByRole('button', { name: /^Undo/ })).toBeDisabled();
  const proposed = await grid.locator('[data-proposed]').count();
  expect(proposed).toBeGreaterThan(10);

  await panel.getByRole('button', { name: 'Apply' }).click();
  await expect(panel).toHaveCount(0);
  await expect(grid.locator('[data-proposed]')).toHaveCount(0);
  await expect(gap).toHaveText(/^1\/1/);
  await expect(grid.locator('.spoke-rota__code').filter({ hasText: /\S/ })).toHaveCount(proposed);
  await expect(grid.locator('.spoke-rota__code').filter({ hasText: /\S/ })).toHaveCount(proposed);
  // Saved through the core: reload the week and it is still covered.
  await page.getByRole('button', { name: 'Next week' }).click();
  await page.getByRole('button', { name: 'Previous week' }).click();
  await expect(gap).toHaveText(/^1\/1/);
  await expect(grid.locator('.spoke-rota__code').filter({ hasText: /\S/ })).toHaveCount(proposed);

  // One undo takes the whole auto-fill back.
  await expect(page.getByRole('button', { name: /^Undo/ })).toHaveAccessibleName(/^Undo\s+Auto-fill \(\d+ sessions\)$/);
  await page.getByRole('button', { name: /^Undo/ }).click();
  await expect(gap).toHaveText(/^0\/1/);
  await expect(grid.locator('.spoke-rota__code').filter({ hasText: /\S/ })).toHaveCount(0);
  await expect.poll(() => gridText(grid)).toBe(before);
  // And the core agrees: reloaded, the week is empty again.
  await page.getByRole('button', { name: 'Next week' }).click();
  await page.getByRole('button', { name: 'Previous week' }).click();
  await expect(gap).toHaveText(/^0\/1/);
  await expect(grid.locator('.spoke-rota__code').filter({ hasText: /\S/ })).toHaveCount(0);
  await expect(page.getByTestId('rota-message')).toHaveCount(0);
});

test('a gap auto-fill cannot cover is explained, with a link to the cell', async ({ page, spoke }) => {
  // Two weeks from now the demo's Thursday PM duty doctor at the main surgery is missing and every duty doctor is busy or away.
  const { grid, thursday } = await openDemoRotaWeek(page, spoke.url, 2);
  await expect(ddGap(grid, thursday)).toHaveText(/^0\/1/);
  await page.getByRole('button', { name: 'Auto-fill…' }).click();
  const panel = page.getByTestId('autofill');
  await expect(panel.getByTestId('autofill-summary')).toContainText(/sessions? left uncovered/, { timeout: 15_000 });
  const reason = panel.getByTestId('autofill-gaps').getByRole('button', { name: /^No one with the duty doctor competency is free on Thu \d+ \w+ PM at Spokeford Surgery/ });
  await expect(reason).toBeVisible();
  await reason.click();
  await panel.getByRole('button', { name: 'Discard' }).click();
  await expect(grid.locator('[data-proposed]')).toHaveCount(0);
});

test('cancel mid-run leaves the rota untouched', async ({ page, spoke }) => {
  const { grid, thursday } = await openDemoRotaWeek(page, spoke.url, 10);
  const before = await gridText(grid);
  await page.getByRole('button', { name: 'Auto-fill…' }).click();
  const panel = page.getByTestId('autofill');
  await expect(panel.getByRole('progressbar', { name: 'Auto-fill progress' })).toBeVisible();
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel).toHaveCount(0);
  await expect(grid.locator('[data-proposed]')).toHaveCount(0);
  await expect(ddGap(grid, thursday)).toHaveText(/^0\/1/);
  expect(await gridText(grid)).toBe(before);
  await expect(page.getByRole('button', { name: /^Undo/ })).toBeDisabled();
  // And from the core: nothing was saved.
  await page.getByRole('button', { name: 'Next week' }).click();
  await page.getByRole('button', { name: 'Previous week' }).click();
  await expect(ddGap(grid, thursday)).toHaveText(/^0\/1/);
  await expect(grid.locator('.spoke-rota__code').filter({ hasText: /\S/ })).toHaveCount(0);
  await expect.poll(() => gridText(grid)).toBe(before);
});

test('a staff member’s preferred and unwanted sessions are edited on their page, with how much each matters', async ({ page, spoke }) => {
  await page.goto(spoke.url);
  await page.getByRole('button', { name: 'Open the demo practice' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Staff' })).toBeVisible();
  await page.getByLabel('Search staff').fill('voss');
  await page.getByRole('link', { name: 'Helena Voss' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit Helena Voss' })).toBeVisible();
  const prefs = page.getByRole('region', { name: 'Preferred and unwanted sessions' });
  await expect(prefs.getByRole('combobox', { name: 'Friday PM', exact: true })).toBeVisible();
  await prefs.getByRole('combobox', { name: 'Friday PM', exact: true }).selectOption('unwanted');
  await prefs.getByRole('combobox', { name: 'Friday PM: how much it matters (1 to 10)' }).selectOption('7');
  await prefs.getByRole('button', { name: 'Save preferred sessions' }).click();
  await expect(prefs).toContainText('Saved 1 preferred or unwanted session.');
  await page.reload();
  await expect(page.getByRole('region', { name: 'Preferred and unwanted sessions' }).getByRole('combobox', { name: 'Friday PM: how much it matters (1 to 10)' })).toHaveValue('7');
});
