import AxeBuilder from '@axe-core/playwright';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, startSpoke, test } from './fixtures';

/** Root ignores file permissions: the host runs as nobody then, anyone else is already an ordinary user. */
function ordinaryUserPrefix(): string[] | null {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return null;
  if (process.getuid() !== 0) return [];
  const prefix = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'];
  return spawnSync(prefix[0] ?? '', [...prefix.slice(1), process.execPath, '-e', '0']).status === 0 ? prefix : null;
}

const prefix = ordinaryUserPrefix();

test('a practice in a folder the user cannot write shows the read-only banner on every screen', async ({ page }) => {
  test.skip(prefix === null, 'needs an ordinary user (setpriv when run as root)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-e2e-ro-'));
  execFileSync(process.execPath, ['dist/node/practice.mjs', 'demo', '--data', dir], { stdio: 'ignore' });
  fs.chmodSync(dir, prefix?.length ? 0o755 : 0o555); // as root the folder stays root's, so nobody cannot write it
  const host = await startSpoke([], dir, prefix ?? []);
  try {
    const message = `This practice is open read-only because your user account cannot write to the data folder ${dir}. Changes cannot be saved.`;
    await page.goto(host.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Who is using Spoke?' })).toBeVisible();
    await expect(page.getByTestId('read-only-banner')).toContainText(message);
    await page.getByRole('button', { name: /Samira Holt/ }).click();
    await expect(page.getByTestId('staff-row').first()).toBeVisible();
    await expect(page.getByTestId('read-only-banner')).toContainText(message);
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    // a change is refused with the same sentence, not "internal problem", and nothing is added
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await page.getByRole('button', { name: 'Add a site' }).click();
    await page.getByLabel('Site name').fill('Riverside Health Centre');
    await page.getByRole('button', { name: 'Add site' }).click();
    await expect(page.getByRole('alert').filter({ hasText: message })).toBeVisible();
    await expect(page.getByText(/internal problem/)).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('table', { name: 'Sites' }).getByRole('row', { name: /Spokeford Surgery/ })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Sites' }).getByRole('row', { name: /Riverside Health Centre/ })).toHaveCount(0);
  } finally {
    await host.stop();
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
