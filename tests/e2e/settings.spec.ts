import { expect, test } from './fixtures';

test('a practice manager adds and renames sites, and removes a sign-in profile', async ({ page, spoke }) => {
  await page.goto(spoke.url);
  await page.getByRole('button', { name: 'Open the demo practice' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  // Add a site: a duplicate name is refused next to the field, then a new one is added.
  await page.getByRole('button', { name: 'Add a site' }).click();
  await page.getByLabel('Site name').fill('little hubley branch surgery');
  await page.getByRole('button', { name: 'Add site' }).click();
  await expect(page.getByRole('alert')).toContainText('There is already a site called Little Hubley Branch Surgery');
  await expect(page.getByLabel('Site name')).toHaveAccessibleDescription(/There is already a site called/);
  await page.getByLabel('Site name').fill('Riverside Health Centre');
  await page.getByRole('button', { name: 'Add site' }).click();
  await expect(page.getByTestId('success-banner')).toContainText('Added Riverside Health Centre');
  const sites = page.getByRole('table', { name: 'Sites' });
  await expect(sites.getByRole('row', { name: /Riverside Health Centre Branch surgery/ })).toBeVisible();

  // Rename the main surgery.
  await page.getByRole('button', { name: 'Rename Spokeford Surgery' }).click();
  await page.getByLabel('New name for Spokeford Surgery').fill('Spokeford Surgery, Main Street');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(sites.getByRole('row', { name: /Spokeford Surgery, Main Street Main surgery/ })).toBeVisible();

  // The new site is offered on the staff form.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Staff' }).click();
  await page.getByRole('button', { name: 'Add staff member' }).click();
  await expect(page.getByRole('checkbox', { name: 'Riverside Health Centre' })).toBeVisible();

  // Remove Chloe's staff profile (with a confirmation step); she no longer appears at sign-in.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Remove Chloe Danvers as staff' }).click();
  await page.getByRole('button', { name: 'Yes, remove Chloe Danvers as staff' }).click();
  await expect(page.getByTestId('success-banner')).toContainText('Removed the profile Chloe Danvers (Staff)');
  // The last practice manager cannot be removed: the core says why.
  await page.getByRole('button', { name: 'Remove Samira Holt as practice manager' }).click();
  await page.getByRole('button', { name: 'Yes, remove Samira Holt as practice manager' }).click();
  await expect(page.getByTestId('error-banner')).toContainText('only practice manager profile');

  await page.getByRole('button', { name: 'Switch profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Who is using Spoke?' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Chloe Danvers/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Samira Holt/ })).toBeVisible();
});
