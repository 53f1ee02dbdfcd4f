import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Rota settings, as a practice manager on the demo practice in Chromium against the real web
 * host: add a duty, give it a coverage rule and see the grid's coverage row count against it;
 * a rule with its minimum above its maximum is refused next to the field and nothing saved;
 * edit a working pattern and apply it to an empty week; and axe-core WCAG 2.2 AA on every
 * settings page.
 */

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
async function axe(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

async function openDemo(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole('button', { name: 'Open the demo practice' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Staff' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rota', exact: true }).click();
  await expect(page.getByTestId('rota-grid')).toBeVisible();
}

const settingsNav = (page: Page) => page.getByRole('navigation', { name: 'Rota settings' });

async function datesShown(grid: Locator): Promise<string[]> {
  const cells = await grid.locator('[data-cell]').evaluateAll((els) => els.map((e) => e.getAttribute('data-cell') ?? ''));
  return [...new Set(cells.map((c) => c.split('|')[1] ?? ''))].filter(Boolean).sort();
}

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

test('add a duty, give it a coverage rule and see the grid count it; min above max is refused next to the field', async ({ page, spoke }) => {
  await openDemo(page, spoke.url);
  await page.getByRole('link', { name: 'Rota settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rota settings: Duties' })).toBeVisible();

  // A new duty: the colour's text colour and contrast are shown before saving.
  await page.getByRole('button', { name: 'Add a duty' }).click();
  await page.getByLabel('Code').fill('phl');
  await page.getByLabel('Name').fill('Phlebotomy clinic');
  await page.getByLabel('Colour', { exact: true }).fill('#FFDD00');
  await expect(page.getByTestId('duty-contrast')).toHaveText(/^Black text, contrast \d+\.\d:1$/);
  await page.getByLabel('Who may do it').selectOption({ label: 'Phlebotomy' });
  await page.getByRole('button', { name: 'Add duty' }).click();
  const duties = page.getByTestId('duties-table');
  await expect(duties.getByRole('row', { name: /PHL Phlebotomy clinic Competency: Phlebotomy In use/ })).toBeVisible();
  // The same code again is refused next to the code.
  await page.getByRole('button', { name: 'Add a duty' }).click();
  await page.getByLabel('Code').fill('PHL');
  await page.getByLabel('Name').fill('Another');
  await page.getByRole('button', { name: 'Add duty' }).click();
  await expect(page.locator('#duty-code-error')).toContainText('The code PHL is already used for Phlebotomy clinic');
  await page.getByRole('button', { name: 'Cancel' }).click();
  // A duty in use cannot be removed: the page says to archive it instead.
  await duties.getByRole('button', { name: 'Remove DD', exact: true }).click();
  await expect(page.getByTestId('duties-problem')).toContainText(/^DD is used by .+ Archive it instead/);
  // Editing a duty open to several roles keeps all of them.
  await duties.getByRole('button', { name: 'Edit NC', exact: true }).click();
  await page.getByLabel('Name').fill('Nurse clinic (routine)');
  await page.getByRole('button', { name: 'Save duty' }).click();
  await expect(duties.getByRole('row', { name: /NC Nurse clinic \(routine\) Role: Practice nurse or .+ or Nursing associate/ })).toBeVisible();

  // Tuesday of this week, AM, at the main surgery: at least 1 on PHL.
  await settingsNav(page).getByRole('link', { name: 'Coverage rules' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rota settings: Coverage rules' })).toBeVisible();
  const rules = page.getByTestId('coverage-table').locator('tbody tr');
  // Counted once the demo's rules have loaded (the page reads them after it draws).
  await expect(rules.first()).toBeVisible();
  const before = await rules.count();

  // Minimum above maximum: refused, the message next to "At most", nothing saved.
  await page.getByRole('button', { name: 'Add a coverage rule' }).click();
  await page.getByLabel('Site').selectOption({ label: 'Spokeford Surgery' });
  await page.getByLabel('Day').selectOption({ label: 'Tuesday' });
  await page.getByLabel('Session').selectOption({ label: 'AM' });
  await page.getByLabel('Who counts').selectOption({ label: 'PHL: Phlebotomy clinic' });
  await page.getByLabel('At least').fill('3');
  await page.getByLabel('At most (optional)').fill('1');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.locator('#rule-max-error')).toHaveText('Error: The maximum must be at least the minimum');
  await expect(page.getByLabel('At most (optional)')).toHaveAttribute('aria-describedby', /rule-max-error/);
  await expect(page.getByRole('alert')).toContainText('The maximum must be at least the minimum');
  expect(await axe(page)).toEqual([]);
  await expect(rules).toHaveCount(before);

  // Fixed: saved.
  await page.getByLabel('At least').fill('1');
  await page.getByLabel('At most (optional)').fill('2');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(rules).toHaveCount(before + 1);
  await expect(page.getByTestId('coverage-table').getByRole('row', { name: /Spokeford Surgery Tuesday AM PHL: Phlebotomy clinic 1 2/ })).toBeVisible();

  // The grid now has a coverage row for it: 0 of 1 on Tuesday AM, short.
  await page.getByRole('link', { name: '‹ Back to the rota' }).click();
  const grid = page.getByTestId('rota-grid');
  await expect(grid).toBeVisible();
  await page.getByRole('radio', { name: 'Week', exact: true }).click();
  await page.getByLabel('Site').selectOption({ label: 'Spokeford Surgery' });
  const tuesday = (await datesShown(grid))[1] ?? '';
  const row = grid.getByTestId('coverage-row').filter({ has: page.getByRole('rowheader', { name: 'Phlebotomy clinic, Spokeford Surgery', exact: true }) });
  const cell = row.locator(`[data-date="${tuesday}"][data-session="am"]`);
  await expect(cell).toHaveText(/^0\/1/);
  await expect(cell).toHaveClass(/spoke-rota__cov--short/);
});

test('edit a working pattern and apply it to an empty week', async ({ page, spoke }) => {
  await openDemo(page, spoke.url);
  const grid = page.getByTestId('rota-grid');
  await page.getByRole('radio', { name: 'Week', exact: true }).click();
  const monday = (await datesShown(grid))[0] ?? '';
  // Ten weeks ahead is past the eight weeks the demo plans: an empty week.
  const target = addDays(monday, 70);

  await page.getByRole('link', { name: 'Rota settings' }).click();
  await settingsNav(page).getByRole('link', { name: 'Working patterns' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rota settings: Working patterns' })).toBeVisible();
  const staffId = await page.getByLabel('Person').inputValue();
  const name = (await page.getByLabel('Person').locator('option:checked').textContent())?.replace(' (no pattern yet)', '') ?? '';

  // Two weeks: week B Friday AM becomes teaching; week A Monday evening stays off.
  await page.getByLabel('Repeats every').selectOption('2');
  await expect(page.getByTestId('pattern-week-B')).toBeVisible();
  await page.getByLabel('Week A starts on').fill(addDays(target, -7));
  await page.getByLabel('Week B Friday AM: duty').selectOption({ label: 'TEACH: Teaching' });
  await page.getByLabel('Week A Monday AM: duty').selectOption({ label: 'ADM: Admin and correspondence' });
  expect(await axe(page)).toEqual([]);
  await page.getByRole('button', { name: 'Save pattern' }).click();
  await expect(page.getByText(`Saved ${name}'s working pattern`)).toBeVisible();
  await expect(page.getByLabel('Week B Friday AM: duty')).toHaveValue(/.+/);

  // Apply it to the empty week (week B of the cycle), with the core's preview first.
  const apply = page.getByTestId('pattern-apply');
  await apply.getByLabel('From').fill(target);
  await apply.getByLabel('To').fill(addDays(target, 6));
  await apply.getByRole('button', { name: 'Preview changes' }).click();
  await expect(page.getByTestId('pattern-preview')).toContainText(/[1-9]\d* to add, 0 to change/);
  await page.getByTestId('pattern-preview').getByRole('button', { name: /^Apply \d+ changes$/ }).click();
  await expect(page.getByText(new RegExp(`Applied ${name}'s pattern`))).toBeVisible();

  // On the grid: that Friday AM is teaching, that Monday AM (a week A session) is not planned.
  await page.goto(`${spoke.origin}/#/rota/${target}`);
  await page.getByRole('radio', { name: 'Week', exact: true }).click();
  const friday = grid.locator(`[data-cell="${staffId}|${addDays(target, 4)}|am"]`);
  await friday.scrollIntoViewIfNeeded();
  await expect(friday).toHaveAttribute('aria-label', /^TEACH: Teaching\./);
  const mondayAm = grid.locator(`[data-cell="${staffId}|${target}|am"]`);
  await expect(mondayAm).toBeVisible();
  await expect(mondayAm).not.toHaveAttribute('aria-label', /^ADM/);
});

test('every rota settings page passes axe-core WCAG 2.2 AA, and a practice manager reaches each by keyboard', async ({ page, spoke }) => {
  await openDemo(page, spoke.url);
  await page.getByRole('link', { name: 'Rota settings' }).click();
  await page.getByRole('button', { name: 'Add a duty' }).click();
  await expect(page.getByLabel('Code')).toBeVisible();
  expect(await axe(page)).toEqual([]);
  for (const [link, check] of [
    ['Session times', 'Monday AM starts'],
    ['Coverage rules', null],
    ['Working patterns', 'Monday AM: duty'],
    ['Leave and working time', 'Most days that may be carried over'],
  ] as const) {
    await settingsNav(page).getByRole('link', { name: link }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: `Rota settings: ${link}` })).toBeVisible();
    await expect(settingsNav(page).getByRole('link', { name: link })).toHaveAttribute('aria-current', 'page');
    if (check) await expect(page.getByLabel(check).first()).toBeVisible();
    expect(await axe(page), link).toEqual([]);
  }
  // A session that ends before it starts: refused beside that time, the summary naming the day.
  await settingsNav(page).getByRole('link', { name: 'Session times' }).click();
  await page.getByLabel('Monday AM ends').fill('07:00');
  await page.getByRole('button', { name: 'Save session times' }).click();
  await expect(page.locator('[id="st-mon-am-end-error"]')).toHaveText('Error: A session must end after it starts');
  await expect(page.getByRole('alert')).toContainText('Monday AM: A session must end after it starts');
  expect(await axe(page)).toEqual([]);
  // The export panel on the Rota screen too.
  await page.getByRole('link', { name: '‹ Back to the rota' }).click();
  await page.getByText('Export…', { exact: true }).click();
  await expect(page.getByTestId('rota-export')).toBeVisible();
  expect(await axe(page)).toEqual([]);
});

test('staff read the rota settings without anything to change, and pass axe', async ({ page, spoke }) => {
  await page.goto(spoke.url);
  await page.getByRole('button', { name: 'Open the demo practice' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Staff' })).toBeVisible();
  await page.getByRole('button', { name: 'Switch profile' }).click();
  await page.getByRole('button', { name: /Chloe Danvers/ }).click();
  await expect(page.getByText('Signed in as Chloe Danvers (Staff)')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rota', exact: true }).click();
  await page.getByRole('link', { name: 'Rota settings' }).click();
  await expect(page.getByText('You can read these settings. Only a practice manager can change them.')).toBeVisible();
  await expect(page.getByTestId('duties-table').getByRole('row', { name: /DD Duty doctor/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add a duty' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Edit/ })).toHaveCount(0);
  expect(await axe(page)).toEqual([]);
  await settingsNav(page).getByRole('link', { name: 'Session times' }).click();
  await expect(page.getByTestId('session-times')).toContainText('08:00 to 12:30');
  await expect(page.getByRole('button', { name: 'Save session times' })).toHaveCount(0);
  await settingsNav(page).getByRole('link', { name: 'Working patterns' }).click();
  await expect(page.getByTestId('pattern-week-A').or(page.locator('.spoke-pattern-table')).first()).toBeVisible();
  await expect(page.locator('.spoke-pattern-table select')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save pattern' })).toHaveCount(0);
  expect(await axe(page)).toEqual([]);
  await settingsNav(page).getByRole('link', { name: 'Leave and working time' }).click();
  await expect(page.getByText('Most consecutive working days')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save settings' })).toHaveCount(0);
  expect(await axe(page)).toEqual([]);
});
