import { expect, test } from './fixtures';

/**
 * Staff with unusual but valid names (accents, apostrophes, hyphens, Welsh and Polish
 * letters, CJK, an emoji) show exactly as typed and sort as a person expects: by family
 * name, with accented letters beside their base letter, not after Z as byte order would.
 */
test('unusual but valid names show and sort correctly in the staff directory', async ({ page, spoke }) => {
  await page.goto(spoke.url);
  await page.getByRole('button', { name: 'Open the demo practice' }).click();
  await expect(page.getByTestId('staff-count')).toHaveText('Showing 26 of 26');

  const people = [
    ['Żaneta', 'Żółkiewska'],
    ['Siân', 'ap Rhys'],
    ['Zoë', 'Ó Briain'],
    ['太郎', '山田'],
    ['Seren 🌟', "O'Connor-Ellis"],
    ['Åsa', 'Ångström'],
  ] as const;
  // Created through the page's own API session (the UI's form is covered by the journey test).
  const created = await page.evaluate(async (names) => {
    const token = sessionStorage.getItem('spoke.token') ?? '';
    const session = sessionStorage.getItem('spoke.session') ?? '';
    const call = async (channel: string, input: unknown) => {
      const res = await fetch(`/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-spoke-session': session },
        body: JSON.stringify(input),
      });
      return (await res.json()) as { ok: boolean; value?: { sites?: { id: string }[] } };
    };
    const status = await call('app.status', {});
    const site = (status.value as { practice: { sites: { id: string }[] } }).practice.sites[0]?.id;
    const results = [];
    for (const [givenName, familyName] of names) {
      const r = await call('staff.create', {
        givenName,
        familyName,
        roleId: 'secretary',
        contract: { kind: 'hours', amount: 15 },
        usualSessions: [],
        siteIds: [site],
        professionalBody: null,
        registrationNumber: null,
        startDate: '2026-01-05',
        endDate: null,
        competencies: [],
        email: null,
      });
      results.push(r.ok);
    }
    return results;
  }, people);
  expect(created).toEqual(people.map(() => true));

  await page.reload();
  await expect(page.getByTestId('staff-count')).toHaveText('Showing 32 of 32');
  // Narrow the list to the new people (all secretaries) so every row is rendered.
  await page.getByLabel('Search staff').fill('Secretary');
  const rows = page.getByTestId('staff-row');
  await expect(rows).toHaveCount(people.length + 1);
  const names = (await rows.locator('a').allTextContents()).map((t) => t.trim());
  const ours = names.filter((n) => people.some(([g, f]) => n === `${g} ${f}`));
  expect(ours).toEqual(['Åsa Ångström', 'Siân ap Rhys', 'Zoë Ó Briain', "Seren 🌟 O'Connor-Ellis", 'Żaneta Żółkiewska', '太郎 山田']);
});
