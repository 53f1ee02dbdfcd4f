import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, hubCli, startHub, test } from './fixtures';

async function axe(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

async function signInAs(page: Page, name: string) {
  await page.getByRole('button', { name: 'Switch profile' }).click();
  await page.getByRole('button', { name: new RegExp(name) }).first().click();
  await expect(page.getByRole('button', { name: 'Switch profile' })).toBeVisible();
}

async function syncNow(page: Page, expected: RegExp) {
  await page.getByRole('link', { name: 'Hub sync' }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('sync-result')).toContainText(expected);
}

const shots = process.env.SPOKE_SCREENSHOTS;
const shot = async (page: Page, name: string) => {
  if (shots) await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
};

test('publish, sync, adopt with an addendum, publish a substantive change, see the diff, adopt again, staff sign again, the dashboard shows the practice up to date', async ({ page, spoke, context }) => {
  test.setTimeout(120_000);
  const hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-e2e-hub-'));
  const content = fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-e2e-content-'));
  // The demo catalogues with two protocols: one mandatory (for everyone), one optional.
  fs.cpSync(path.resolve('hub/demo-content'), content, { recursive: true });
  for (const f of fs.readdirSync(path.join(content, 'policies'))) {
    if (f !== 'complaints.md' && f !== 'home-visit-triage.md') fs.rmSync(path.join(content, 'policies', f));
  }
  expect(hubCli('publish', '--data', hubDir, '--from', content).stdout.trim()).toBe('release 1');
  const hub = await startHub(hubDir);
  try {
    const code = hubCli('enrol', '--data', hubDir, '--ods', 'Z99001', '--name', 'Spokeford Medical Practice').stdout.trim().split('\n').pop() ?? '';
    await page.goto(spoke.url);
    await page.getByRole('button', { name: 'Open the demo practice' }).click();
    await page.getByRole('link', { name: 'Hub sync' }).click();
    await page.getByLabel('Enrolment code').fill(code);
    await page.getByRole('button', { name: 'Enrol' }).click();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByTestId('sync-result')).toContainText('Release 1 applied');

    // The clinical lead's inbox: the mandatory protocol is overdue, the optional one new.
    await signInAs(page, 'Amara Okafor');
    await page.getByRole('link', { name: 'Protocols' }).click();
    const decide = page.getByRole('table', { name: 'New, changed and overdue central protocols' });
    await expect(decide.getByRole('row', { name: /Handling complaints/ })).toContainText('Overdue');
    await expect(decide.getByRole('row', { name: /Home visit requests/ })).toContainText('New');
    await shot(page, 'protocols-inbox');
    await axe(page);

    // Adopt with a local addendum.
    await decide.getByRole('link', { name: 'Handling complaints' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Handling complaints' })).toBeVisible();
    await page.getByLabel('Local addendum (markdown)').fill('Complaints lead at Spokeford: **Dr Okafor**. See [the ombudsman](https://www.ombudsman.org.uk/).');
    await page.getByRole('button', { name: 'Save addendum' }).click();
    await expect(page.getByTestId('protocol-done')).toContainText('Addendum version 1 saved');
    await page.getByRole('button', { name: 'Adopt version 1' }).click();
    await expect(page.getByTestId('protocol-done')).toContainText('Version 1 adopted');
    await expect(page.getByTestId('addendum-text')).toContainText('Complaints lead at Spokeford');
    // A link in protocol text asks first, showing the address, and never navigates the app.
    await page.getByTestId('addendum-text').getByRole('link', { name: 'the ombudsman' }).click();
    const dialog = page.getByTestId('link-confirm');
    await expect(dialog).toContainText('https://www.ombudsman.org.uk/');
    // Answered here: the test never reaches the internet.
    await context.route('https://www.ombudsman.org.uk/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>stand-in</title>' }));
    const popup = context.waitForEvent('page');
    await dialog.getByRole('button', { name: 'Open link' }).click();
    const opened = await popup;
    expect(opened.url()).toContain('ombudsman.org.uk');
    await opened.close();
    expect(page.url()).toContain('#/protocols/central/complaints');

    // A member of staff reads and signs version 1 (with the addendum).
    await signInAs(page, 'Chloe Danvers');
    await page.getByRole('link', { name: 'Protocols' }).click();
    await page.getByTestId('to-sign').getByRole('link', { name: 'Handling complaints' }).click();
    await page.getByRole('button', { name: 'I have read version 1 (addendum 1)' }).click();
    await expect(page.getByTestId('protocol-done')).toContainText('Signed');

    // The central team publishes a substantive change.
    const file = path.join(content, 'policies', 'complaints.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('three working days', 'two working days').replace('summary: First version for the group.', 'summary: Acknowledge faster.\nchange: substantive'));
    expect(hubCli('publish', '--data', hubDir, '--from', content).stdout.trim()).toBe('release 2');

    await signInAs(page, 'Amara Okafor');
    await syncNow(page, /Release 2 applied: 0 new, 1 changed/);
    await page.getByRole('link', { name: 'Protocols' }).click();
    await expect(decide.getByRole('row', { name: /Handling complaints/ })).toContainText('Update available: version 2 (adopted 1), substantive change');
    await decide.getByRole('link', { name: 'Handling complaints' }).click();
    // Staff still read version 1 until the lead adopts version 2; the diff shows the words.
    await expect(page.getByTestId('in-force-text')).toContainText('three working days');
    const diff = page.getByTestId('protocol-diff');
    await expect(diff.locator('del')).toContainText(['three']);
    await expect(diff.locator('ins')).toContainText(['two']);
    await expect(page.getByTestId('addendum')).toContainText('Complaints lead at Spokeford');
    await shot(page, 'protocols-diff');
    await axe(page);
    await page.getByRole('button', { name: 'Adopt version 2' }).click();
    await expect(page.getByTestId('protocol-done')).toContainText('Version 2 adopted');
    await expect(page.getByTestId('in-force-text')).toContainText('two working days');

    // Staff sign again after the substantive change.
    await signInAs(page, 'Chloe Danvers');
    await page.getByRole('link', { name: 'Protocols' }).click();
    await expect(page.getByTestId('to-sign')).toContainText('changed since you signed: sign again');
    await page.getByTestId('to-sign').getByRole('link', { name: 'Handling complaints' }).click();
    await expect(page.getByTestId('sign-box')).toContainText('Changed since you signed');
    await page.getByRole('button', { name: 'I have read version 2 (addendum 1)' }).click();
    await expect(page.getByTestId('protocol-done')).toContainText('Signed');

    // The next sync carries the reports; the central team's dashboard shows the practice up to date.
    await signInAs(page, 'Amara Okafor');
    await syncNow(page, /Up to date with the hub \(release 2\)/);
    const token = hubCli('dashboard-token', '--data', hubDir).stdout.trim();
    const dash = await context.newPage();
    await dash.goto(`${hub.url}/dashboard`);
    await dash.getByLabel('Dashboard token').fill('not-a-token');
    await dash.getByRole('button', { name: 'Sign in' }).click();
    await expect(dash.getByText('That is not a dashboard token for this hub').first()).toBeVisible();
    await dash.getByLabel('Dashboard token').fill(token);
    await dash.getByRole('button', { name: 'Sign in' }).click();
    await expect(dash.getByRole('heading', { level: 1, name: 'Where every practice stands' })).toBeVisible();
    const row = dash.getByRole('table', { name: 'Mandatory protocols by practice' }).getByRole('row', { name: /Spokeford Medical Practice/ });
    await expect(row).toContainText('Adopted v2');
    const practice = dash.locator('section[data-practice="Z99001"]');
    await expect(practice.locator('[data-field="mandatory"]')).toHaveText('Up to date');
    await expect(practice.locator('[data-field="last-sync"]')).toContainText('release 2');
    await expect(practice.getByRole('img', { name: /WTE by role at Spokeford Medical Practice/ })).toBeVisible();
    await shot(dash, 'hub-dashboard');
    await axe(dash);
  } finally {
    hub.child.kill('SIGTERM');
    fs.rmSync(hubDir, { recursive: true, force: true });
    fs.rmSync(content, { recursive: true, force: true });
  }
});
