import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, hubCli, startHub, test } from './fixtures';

/**
 * The role catalogue from the hub, in Chromium against the real hub and web host: a sync
 * that adds a role makes the staff form offer it (without reloading the app), and a
 * person whose role the hub has retired still shows, marked, and can be edited.
 */
test('after a sync that adds a role the staff form offers it; a retired role still shows on the person who holds it', async ({ page, spoke }) => {
  const hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-e2e-hub-'));
  const content = fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-e2e-content-'));
  fs.cpSync(path.resolve('hub/demo-content'), content, { recursive: true });
  const rolesFile = path.join(content, 'roles.yaml');
  let roles = fs.readFileSync(rolesFile, 'utf8');
  roles = roles.replace('  - id: healthcare_assistant\n', '  - id: healthcare_assistant\n    retired: true\n');
  roles += '  - id: digital_lead\n    label: Digital and transformation lead\n    category: admin\n    arrs: true\n';
  fs.writeFileSync(rolesFile, roles);
  expect(hubCli('publish', '--data', hubDir, '--from', content).stdout.trim()).toBe('release 1');
  const hub = await startHub(hubDir);
  try {
    const code = hubCli('enrol', '--data', hubDir, '--ods', 'Z99001', '--name', 'Spokeford Medical Practice').stdout.trim().split('\n').pop() ?? '';
    await page.goto(spoke.url);
    await page.getByRole('button', { name: 'Open the demo practice' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Staff' })).toBeVisible();

    // Before the sync: the built-in roles, so no digital lead, and the HCA role is current.
    await page.getByRole('button', { name: 'Add staff member' }).click();
    const role = page.getByLabel('Role');
    await expect(role.locator('option', { hasText: 'Healthcare assistant' })).toHaveCount(1);
    await expect(role.locator('option', { hasText: 'Digital and transformation lead' })).toHaveCount(0);

    await page.getByRole('link', { name: 'Hub sync' }).click();
    await page.getByLabel('Enrolment code').fill(code);
    await page.getByRole('button', { name: 'Enrol' }).click();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByTestId('sync-result')).toContainText('Release 1 applied');

    // The same window, no reload: the form offers the hub's new role, and no longer the retired one.
    await page.getByRole('link', { name: 'Staff', exact: true }).click();
    await page.getByRole('button', { name: 'Add staff member' }).click();
    await expect(role.locator('option', { hasText: 'Digital and transformation lead (ARRS)' })).toHaveCount(1);
    await expect(role.locator('option', { hasText: 'Healthcare assistant' })).toHaveCount(0);
    await page.getByLabel('First name').fill('Dara');
    await page.getByLabel('Last name').fill('Quinn');
    await role.selectOption({ label: 'Digital and transformation lead (ARRS)' });
    await page.getByRole('spinbutton', { name: 'Hours per week' }).fill('30');
    await page.getByRole('button', { name: 'Save staff member' }).click();
    await expect(page.getByTestId('success-banner')).toContainText('Saved Dara Quinn');

    // The person holding the retired role: listed as such, and edited without changing role.
    await page.getByLabel('Search staff').fill('kofi');
    const row = page.getByTestId('staff-row');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Healthcare assistant (retired role)');
    await page.getByRole('link', { name: 'Kofi Mensah' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Edit Kofi Mensah' })).toBeVisible();
    await expect(role.locator('option:checked')).toHaveText('Healthcare assistant (retired role)');
    await page.getByRole('spinbutton', { name: 'Hours per week' }).fill('30');
    await page.getByRole('button', { name: 'Save staff member' }).click();
    await expect(page.getByTestId('success-banner')).toContainText('Saved Kofi Mensah');
    await page.getByLabel('Search staff').fill('kofi');
    await expect(row).toContainText('30 hours');

    // The MDT page groups and flags from the hub's catalogue.
    await page.getByRole('link', { name: 'MDT workforce' }).click();
    await expect(page.getByRole('row', { name: /Digital and transformation lead/ }).first()).toBeVisible();
    await expect(page.getByRole('row', { name: /Healthcare assistant \(retired role\)/ }).first()).toBeVisible();
  } finally {
    hub.child.kill('SIGTERM');
    fs.rmSync(hubDir, { recursive: true, force: true });
    fs.rmSync(content, { recursive: true, force: true });
  }
});
