import { expect, test } from './fixtures';

test('a practice manager backs up, changes something, restores the backup, and can undo the restore', async ({ page, spoke }) => {
  await page.goto(spoke.url);
  await page.getByRole('button', { name: 'Open the demo practice' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Backups' })).toBeVisible();

  // Back up now: it is listed with what it holds.
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByTestId('success-banner')).toContainText(/Backed up at .*staff, .*rota assignments/);
  const backups = page.getByRole('table', { name: 'Backups, newest first' });
  const manual = backups.getByRole('row', { name: /Backed up by hand/ });
  await expect(manual).toHaveCount(1);
  await expect(manual).toContainText(/\d+ staff, [\d,]+ rota assignments/);

  // A change after the backup: the main surgery is renamed.
  const sites = page.getByRole('table', { name: 'Sites' });
  await page.getByRole('button', { name: 'Rename Spokeford Surgery' }).click();
  await page.getByLabel('New name for Spokeford Surgery').fill('Renamed After The Backup');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(sites.getByRole('row', { name: /Renamed After The Backup/ })).toBeVisible();

  // Restore the backup, after a confirmation that says the current state is kept.
  await manual.getByRole('button', { name: /^Restore/ }).click();
  const confirm = page.getByTestId('restore-confirm');
  await expect(confirm).toContainText('The practice as it is now is backed up first, so you can undo this.');
  await confirm.getByRole('button', { name: 'Yes, restore this backup' }).click();
  await expect(page.getByTestId('success-banner')).toContainText(/Restored the backup from .*restore that to undo/);

  // The change made in between is gone.
  await expect(sites.getByRole('row', { name: /Spokeford Surgery/ }).first()).toBeVisible();
  await expect(sites.getByRole('row', { name: /Renamed After The Backup/ })).toHaveCount(0);

  // The restore is itself listed, holding the state before it, and can be restored to undo.
  const undo = backups.getByRole('row', { name: /Before a restore/ });
  await expect(undo).toHaveCount(1);
  await expect(undo.getByRole('button', { name: /^Restore/ })).toBeVisible();
  await undo.getByRole('button', { name: /^Restore/ }).click();
  await page.getByTestId('restore-confirm').getByRole('button', { name: 'Yes, restore this backup' }).click();
  await expect(page.getByTestId('success-banner')).toContainText(/Restored the backup/);
  await expect(sites.getByRole('row', { name: /Renamed After The Backup/ })).toBeVisible();
});
