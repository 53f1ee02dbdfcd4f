import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, hubCli, startHub, test } from './fixtures';

async function openDemo(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole('button', { name: 'Open the demo practice' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Staff' })).toBeVisible();
}

test('enrol with the code, sync, see what arrived; publish a change, sync again, see it as changed', async ({ page, spoke }) => {
  const hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-e2e-hub-'));
  const content = fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-e2e-content-'));
  const hub = await startHub(hubDir, ['--demo']);
  try {
    const code = hubCli('enrol', '--data', hubDir, '--ods', 'Z99001', '--name', 'Spokeford Medical Practice').stdout.trim().split('\n').pop() ?? '';
    expect(code).toMatch(/^spoke-enrol-1:/);
    await openDemo(page, spoke.url);
    await page.getByRole('link', { name: 'Hub sync' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Hub sync' })).toBeVisible();

    await page.getByLabel('Enrolment code').fill('not a code');
    await page.getByRole('button', { name: 'Enrol' }).click();
    await expect(page.getByText(/Check the enrolment code: this is not a Spoke enrolment code/).first()).toBeVisible();

    await page.getByLabel('Enrolment code').fill(code);
    await page.getByRole('button', { name: 'Enrol' }).click();
    await expect(page.getByText('Not synced yet')).toBeVisible();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByTestId('sync-result')).toContainText('Release 1 applied: 16 new, 0 changed');
    const arrived = page.getByRole('table', { name: 'What arrived in the last sync' });
    await expect(arrived.getByRole('row')).toHaveCount(17);
    await expect(arrived.getByRole('row', { name: /Recognising and responding to possible sepsis/ })).toContainText('New');
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    // The central team changes one policy and publishes.
    fs.cpSync(path.resolve('hub/demo-content'), content, { recursive: true });
    const file = path.join(content, 'policies', 'lone-working.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('30 minutes overdue', '20 minutes overdue'));
    expect(hubCli('publish', '--data', hubDir, '--from', content).stdout.trim()).toBe('release 2');

    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByTestId('sync-result')).toContainText('Release 2 applied: 0 new, 1 changed');
    await expect(arrived.getByRole('row')).toHaveCount(2);
    await expect(arrived.getByRole('row', { name: /Lone working/ })).toContainText('Changed');
    await expect(arrived.getByRole('row', { name: /Lone working/ })).toContainText('2');

    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByTestId('sync-result')).toContainText('Up to date with the hub (release 2)');

    // The hub's workforce model now sits beside the practice's figures.
    await page.getByRole('link', { name: 'MDT workforce' }).click();
    const model = page.getByRole('table', { name: 'WTE per 10,000 patients against the hub’s model' });
    await expect(model.getByRole('row', { name: /Practice nurse/ }).first()).toBeVisible();
  } finally {
    hub.child.kill('SIGTERM');
    fs.rmSync(hubDir, { recursive: true, force: true });
    fs.rmSync(content, { recursive: true, force: true });
  }
});
