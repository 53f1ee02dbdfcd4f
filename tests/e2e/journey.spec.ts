import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The MDT table's cells for one role: [category, ARRS, headcount, WTE]. */
function mdtRow(page: Page, role: RegExp) {
  return page.getByRole('table', { name: 'WTE by role' }).getByRole('row', { name: role });
}

/**
 * The drawn chart, read back from its SVG: each role's bar width as a share of the
 * widest bar. Bars are stacked core/ARRS series with one non-empty bar per role, drawn
 * top to bottom in the table's row order.
 */
async function chartShares(page: Page): Promise<Record<string, number>> {
  await expect(page.locator('.spoke-chart path.recharts-rectangle').first()).toBeVisible();
  const roles = await page.getByRole('table', { name: 'WTE by role' }).locator('tbody th').allTextContents();
  const bars = await page.locator('.spoke-chart path.recharts-rectangle').evaluateAll((paths) =>
    paths
      .map((p) => ({ y: Number(p.getAttribute('y')), width: Number(p.getAttribute('width')) }))
      .sort((a, b) => a.y - b.y)
      .map((b) => b.width),
  );
  expect(bars).toHaveLength(roles.length);
  const widest = Math.max(...bars);
  return Object.fromEntries(roles.map((role, i) => [role, (bars[i] ?? 0) / widest]));
}

async function openDemo(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Spoke' })).toBeVisible();
  await page.getByRole('button', { name: 'Open the demo practice' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Staff' })).toBeVisible();
  await expect(page.getByTestId('staff-count')).toHaveText('Showing 26 of 26');
}

test('first run: open the demo, add, edit and archive a staff member, and the MDT figures follow', async ({ page, spoke }) => {
  await openDemo(page, spoke.url);
  await expect(page).toHaveTitle('Staff – Spoke');
  await expect(page.getByText('Demo data — fictional practice')).toBeVisible();
  await expect(page.getByText('Signed in as Samira Holt (Practice manager)')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Staff' })).toHaveAttribute('aria-current', 'page');

  // Before: the demo practice has one paramedic at 1.00 WTE.
  await page.getByRole('link', { name: 'MDT workforce' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'MDT workforce' })).toBeFocused();
  const paramedic = mdtRow(page, /^Paramedic /);
  await expect(paramedic.getByRole('cell').nth(2)).toHaveText('1');
  await expect(paramedic.getByRole('cell').nth(3)).toHaveText('1.00');
  // The widest bar is reception (4 people, 3.00 WTE); the paramedic's is a third of it.
  expect((await chartShares(page))['Paramedic']).toBeCloseTo(1 / 3, 2);

  // Add a paramedic.
  await page.getByRole('link', { name: 'Staff', exact: true }).click();
  await page.getByRole('button', { name: 'Add staff member' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add a staff member' })).toBeVisible();
  await page.getByLabel('First name').fill('Zara');
  await page.getByLabel('Last name').fill('Quill');
  await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Paramedic (ARRS)' });
  await expect(page.getByRole('radio', { name: 'Hours per week' })).toBeChecked();
  await page.getByRole('spinbutton', { name: 'Hours per week' }).fill('30');
  await expect(page.getByTestId('wte-preview')).toHaveText('= 0.80 WTE');
  await page.getByRole('checkbox', { name: 'Monday morning' }).check();
  await page.getByRole('checkbox', { name: 'Tuesday afternoon' }).check();
  await expect(page.getByLabel('Professional body')).toHaveValue('HCPC');
  await page.getByLabel('Registration number').fill('pa 123456');
  await page.getByRole('checkbox', { name: 'Home visits' }).check();
  await page.getByRole('button', { name: 'Save staff member' }).click();

  await expect(page.getByTestId('success-banner')).toContainText('Saved Zara Quill');
  await expect(page.getByTestId('staff-count')).toHaveText('Showing 27 of 27');
  await page.getByLabel('Search staff').fill('quill');
  await expect(page.getByTestId('staff-count')).toHaveText('Showing 1 of 27');
  const row = page.getByTestId('staff-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Paramedic');
  await expect(row).toContainText('ARRS');
  await expect(row).toContainText('30 hours');
  await expect(row).toContainText('0.80');
  await expect(row).toContainText('HCPC PA123456');

  await page.getByRole('link', { name: 'MDT workforce' }).click();
  await expect(paramedic.getByRole('cell').nth(2)).toHaveText('2');
  await expect(paramedic.getByRole('cell').nth(3)).toHaveText('1.80');
  expect((await chartShares(page))['Paramedic']).toBeCloseTo(1.8 / 3, 2);

  // Edit: cut the contract to 15 hours.
  await page.getByRole('link', { name: 'Staff', exact: true }).click();
  await page.getByLabel('Search staff').fill('quill');
  await page.getByRole('link', { name: 'Zara Quill' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit Zara Quill' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Monday morning' })).toBeChecked();
  await page.getByRole('spinbutton', { name: 'Hours per week' }).fill('15');
  await expect(page.getByTestId('wte-preview')).toHaveText('= 0.40 WTE');
  await page.getByRole('button', { name: 'Save staff member' }).click();
  await expect(page.getByTestId('success-banner')).toContainText('Saved Zara Quill');
  await expect(page.getByTestId('staff-row')).toContainText('15 hours');
  await expect(page.getByTestId('staff-row')).toContainText('0.40');

  await page.getByRole('link', { name: 'MDT workforce' }).click();
  await expect(paramedic.getByRole('cell').nth(3)).toHaveText('1.40');

  // Archive, with a confirmation step; the history shows what happened.
  await page.getByRole('link', { name: 'Staff', exact: true }).click();
  await page.getByLabel('Search staff').fill('quill');
  await page.getByRole('link', { name: 'Zara Quill' }).click();
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible();
  await expect(page.getByText(/staff edited: contract/)).toBeVisible();
  await page.getByRole('button', { name: 'Archive staff member' }).click();
  await page.getByRole('button', { name: 'Yes, archive Zara Quill' }).click();
  await expect(page.getByTestId('success-banner')).toContainText('Archived Zara Quill');
  await expect(page.getByTestId('staff-count')).toHaveText('Showing 0 of 26');
  await page.getByLabel('Show archived staff').check();
  await expect(page.getByTestId('staff-row')).toContainText('Archived');

  await page.getByRole('link', { name: 'MDT workforce' }).click();
  await expect(paramedic.getByRole('cell').nth(2)).toHaveText('1');
  await expect(paramedic.getByRole('cell').nth(3)).toHaveText('1.00');
  expect((await chartShares(page))['Paramedic']).toBeCloseTo(1 / 3, 2);
});

test('a staff-role profile sees staff read-only, and the API refuses it a write', async ({ page, spoke }) => {
  await openDemo(page, spoke.url);
  await page.getByRole('button', { name: 'Switch profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Who is using Spoke?' })).toBeVisible();
  await page.getByRole('button', { name: /Chloe Danvers/ }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Staff' })).toBeVisible();
  await expect(page.getByText('Signed in as Chloe Danvers (Staff)')).toBeVisible();
  await expect(page.getByTestId('staff-count')).toHaveText('Showing 26 of 26');
  await expect(page.getByRole('button', { name: 'Add staff member' })).toHaveCount(0);

  await page.getByLabel('Search staff').fill('okafor');
  await page.getByRole('link', { name: 'Amara Okafor' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Amara Okafor' })).toBeVisible();
  await expect(page.getByText('GMC 9900101')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save staff member' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Archive staff member' })).toHaveCount(0);

  const answer = await page.evaluate(async () => {
    const res = await fetch('/api/staff.create', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${sessionStorage.getItem('spoke.token') ?? ''}`,
        'x-spoke-session': sessionStorage.getItem('spoke.session') ?? '',
      },
      body: JSON.stringify({
        givenName: 'Sneaky',
        familyName: 'Write',
        roleId: 'receptionist',
        contract: { kind: 'hours', amount: 10 },
        usualSessions: [],
        siteIds: ['00000000-0000-4000-8000-000000000000'],
        professionalBody: null,
        registrationNumber: null,
        startDate: '2024-01-01',
        endDate: null,
        competencies: [],
        email: null,
      }),
    });
    return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { code: string; message: string } } };
  });
  expect(answer.status).toBe(403);
  expect(answer.body.ok).toBe(false);
  expect(answer.body.error?.code).toBe('forbidden');

  await page.getByRole('link', { name: 'Staff', exact: true }).click();
  await expect(page.getByTestId('staff-count')).toHaveText(/of 26$/);
});
