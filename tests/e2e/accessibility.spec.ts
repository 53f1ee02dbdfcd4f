import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** axe-core's WCAG 2.0-2.2 A and AA rules on the page as it stands. */
async function wcagViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

test('every main screen passes axe-core WCAG 2.2 AA checks', async ({ page, spoke }) => {
  await page.goto(spoke.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Spoke' })).toBeVisible();
  expect(await wcagViolations(page), 'first run').toEqual([]);

  await page.getByRole('button', { name: 'Set up my practice' }).click();
  await page.getByRole('button', { name: 'Set up practice' }).click();
  await expect(page.getByText('There is a problem')).toBeVisible();
  expect(await wcagViolations(page), 'set-up form with errors').toEqual([]);

  await page.goto(spoke.url.replace(/#.*$/, '#/'));
  await page.reload();
  await page.getByRole('button', { name: 'Open the demo practice' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Staff' })).toBeVisible();
  await expect(page.getByTestId('staff-row').first()).toBeVisible();
  expect(await wcagViolations(page), 'staff list').toEqual([]);

  await page.getByRole('button', { name: 'Add staff member' }).click();
  await page.getByRole('button', { name: 'Save staff member' }).click();
  await expect(page.getByText('There is a problem')).toBeVisible();
  expect(await wcagViolations(page), 'staff form with errors').toEqual([]);

  for (const [link, heading] of [
    ['MDT workforce', 'MDT workforce'],
    ['Settings', 'Settings'],
    ['Rota', 'Rota'],
    ['Hub sync', 'Hub sync'],
  ] as const) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(await wcagViolations(page), link).toEqual([]);
  }

  await page.getByRole('button', { name: 'Switch profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Who is using Spoke?' })).toBeVisible();
  expect(await wcagViolations(page), 'sign-in').toEqual([]);
});

test('the keyboard alone reaches the staff list and opens a record', async ({ page, spoke }) => {
  await page.goto(spoke.url);
  await page.getByRole('button', { name: 'Open the demo practice' }).click();
  await expect(page.getByTestId('staff-row').first()).toBeVisible();
  // A new screen moves focus to its heading, so screen readers announce it and Tab carries on from there.
  await expect(page.getByRole('heading', { level: 1, name: 'Staff' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Add staff member' })).toBeFocused();
  // On a fresh load the first Tab offers the skip link.
  await page.reload();
  await expect(page.getByTestId('staff-row').first()).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Search staff')).toBeFocused();
  await page.keyboard.type('okafor');
  await expect(page.getByTestId('staff-count')).toHaveText('Showing 1 of 26');
  await page.keyboard.press('Tab'); // role category
  await page.keyboard.press('Tab'); // show archived
  await page.keyboard.press('Tab'); // first row's name link
  await expect(page.getByRole('link', { name: 'Amara Okafor' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Edit Amara Okafor' })).toBeFocused();
});

test('the API refuses calls without the printed token', async ({ page, spoke }) => {
  const res = await page.request.post(`${spoke.origin}/api/staff.list`, { data: {} });
  expect(res.status()).toBe(401);
  expect(await res.json()).toMatchObject({ ok: false, error: { code: 'unauthorised' } });
  const wrong = await page.request.post(`${spoke.origin}/api/app.status`, { data: {}, headers: { authorization: 'Bearer wrong' } });
  expect(wrong.status()).toBe(401);
  // Opening the address without the token gives a clear message, not a broken page.
  await page.goto(spoke.origin);
  await expect(page.getByText(/access token/i).first()).toBeVisible();
});
