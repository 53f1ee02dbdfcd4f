import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function openDemo(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole('button', { name: 'Open the demo practice' }).click();
  await expect(page.getByTestId('staff-count')).toHaveText('Showing 26 of 26');
}

test('bad staff details are refused field by field, and nothing is saved', async ({ page, spoke }) => {
  await openDemo(page, spoke.url);
  await page.getByRole('button', { name: 'Add staff member' }).click();

  // No name, 99 sessions, an end date before the start date, a malformed GMC number.
  await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Salaried GP' });
  await expect(page.getByRole('radio', { name: 'Sessions per week' })).toBeChecked();
  await page.getByRole('spinbutton', { name: 'Sessions per week' }).fill('99');
  await page.getByLabel('Start date').fill('2025-06-01');
  await page.getByLabel('End date (optional)').fill('2025-01-01');
  await page.getByLabel('Registration number').fill('12AB');
  await page.getByRole('button', { name: 'Save staff member' }).click();

  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  await expect(summary).toBeFocused();
  for (const message of [
    'Enter first name',
    'Enter last name',
    /Sessions per week must be 11 or fewer/,
    'End date must be on or after the start date',
    /A GMC number is 7 digits/,
  ]) {
    await expect(summary.getByRole('link', { name: message })).toBeVisible();
  }
  await expect(page.getByLabel('First name')).toHaveAccessibleDescription(/Enter first name/);
  await expect(page.getByLabel('Last name')).toHaveAccessibleDescription(/Enter last name/);
  await expect(page.getByRole('spinbutton', { name: 'Sessions per week' })).toHaveAccessibleDescription(/11 or fewer/);
  await expect(page.getByLabel('End date (optional)')).toHaveAccessibleDescription(/on or after the start date/);
  await expect(page.getByLabel('Registration number')).toHaveAccessibleDescription(/7 digits/);
  await expect(page.getByRole('heading', { level: 1, name: 'Add a staff member' })).toBeVisible();

  // The summary's links take you to the field.
  await summary.getByRole('link', { name: 'Enter last name' }).click();
  await expect(page.getByLabel('Last name')).toBeFocused();

  // Nothing was saved: after a reload the directory still holds 26 people.
  await page.reload();
  await page.getByRole('link', { name: 'Staff', exact: true }).click();
  await expect(page.getByTestId('staff-count')).toHaveText('Showing 26 of 26');

  // A GMC number already on record (Amara Okafor's) is refused on the registration field.
  await page.getByRole('button', { name: 'Add staff member' }).click();
  await page.getByLabel('First name').fill('Dee');
  await page.getByLabel('Last name').fill('Plicate');
  await page.getByLabel('Role', { exact: true }).selectOption({ label: 'GP partner' });
  await page.getByRole('spinbutton', { name: 'Sessions per week' }).fill('6');
  await page.getByLabel('Registration number').fill('9900101');
  await page.getByRole('button', { name: 'Save staff member' }).click();
  await expect(page.getByLabel('Registration number')).toHaveAccessibleDescription(/GMC number 9900101 is already recorded for Amara Okafor/);
  await expect(summary.getByRole('link', { name: /already recorded for Amara Okafor/ })).toBeVisible();

  await page.getByRole('link', { name: 'Staff', exact: true }).click();
  await expect(page.getByTestId('staff-count')).toHaveText('Showing 26 of 26');
});

test('setting up a practice with a malformed ODS code shows the error, then succeeds once fixed', async ({ page, spoke }) => {
  await page.goto(spoke.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Spoke' })).toBeVisible();
  await page.getByRole('button', { name: 'Set up my practice' }).click();

  await page.getByLabel('Practice name').fill('Brookfield Surgery');
  await page.getByLabel('ODS code').fill('12345');
  await page.getByLabel('List size').fill('8,200');
  await page.getByLabel('Main surgery name').fill('Brookfield');
  await page.getByRole('button', { name: 'Add a branch site' }).click();
  await expect(page.getByLabel('Branch site 1 name')).toBeFocused();
  await page.getByLabel('Branch site 1 name').fill('Westbrook');
  await page.getByRole('button', { name: 'Add a branch site' }).click();
  await page.getByLabel('Branch site 2 name').fill('Temporary');
  await page.getByRole('button', { name: 'Remove branch site 2' }).click();
  await expect(page.getByLabel('Branch site 2 name')).toHaveCount(0);
  await page.getByLabel('Your first name').fill('Jo');
  await page.getByLabel('Your last name').fill('Bloggs');
  await page.getByRole('button', { name: 'Set up practice' }).click();

  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  await expect(summary.getByRole('link', { name: /An ODS code is a letter and five digits/ })).toBeVisible();
  await expect(page.getByLabel('ODS code')).toHaveAccessibleDescription(/An ODS code is a letter and five digits/);

  await page.getByLabel('ODS code').fill('b12345');
  await page.getByRole('button', { name: 'Set up practice' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Staff' })).toBeVisible();
  await expect(page.getByText('Signed in as Jo Bloggs (Practice manager)')).toBeVisible();
  await expect(page.getByText('ODS B12345')).toBeVisible();
  await expect(page.getByTestId('success-banner')).toContainText('Brookfield Surgery is set up');
  await expect(page.getByTestId('staff-count')).toHaveText('Showing 1 of 1');
  await expect(page.getByText('Demo data — fictional practice')).toHaveCount(0);

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Sites' }).getByRole('cell', { name: 'Westbrook', exact: true })).toBeVisible();

  // Archiving the only practice manager is refused, and the refusal is shown in the error banner.
  await page.getByRole('link', { name: 'Staff', exact: true }).click();
  await page.getByRole('link', { name: 'Jo Bloggs' }).click();
  await page.getByRole('button', { name: 'Archive staff member' }).click();
  await page.getByRole('button', { name: 'Yes, archive Jo Bloggs' }).click();
  await expect(page.getByTestId('error-banner')).toContainText('only person who can sign in as practice manager');
  await expect(page.getByTestId('error-banner')).toBeFocused();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit Jo Bloggs' })).toBeVisible();
});
