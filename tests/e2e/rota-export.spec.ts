import fs from 'node:fs';
import type { Download, Page } from '@playwright/test';
import ICAL from 'ical.js';
import { expect, test } from './fixtures';
import { parseCsv } from '../helpers/csv';

/**
 * Exports from the Rota screen, in Chromium against the real web host: the files the
 * browser downloads are read back and parsed (the CSV by RFC 4180, the calendar by ical.js),
 * and checked against each other and the demo practice's session times.
 */

/** The demo's session times (Europe/London wall clock) by weekday and session. */
function expectedTimes(date: string, session: string): [string, string] {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (session === 'AM' || session === 'am') return day === 6 ? ['09:00', '12:30'] : ['08:00', '12:30'];
  if (session === 'PM' || session === 'pm') return ['13:30', '18:30'];
  return ['18:30', '20:00'];
}


const addDaysIso = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function read(download: Download): Promise<string> {
  const file = await download.path();
  return fs.readFileSync(file, 'utf8');
}

function calendarEvents(text: string) {
  const comp = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const vtz = comp.getFirstSubcomponent('vtimezone');
  if (vtz) ICAL.TimezoneService.register(vtz);
  return { comp, events: comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

async function openDemoRota(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole('button', { name: 'Open the demo practice' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Staff' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rota', exact: true }).click();
  await expect(page.getByTestId('rota-grid')).toBeVisible();
}

test('export CSV and a calendar from the Rota screen; the files agree with each other and the session times', async ({ page, spoke }) => {
  await openDemoRota(page, spoke.url);
  await page.getByText('Export…', { exact: true }).click();
  const panel = page.getByTestId('rota-export');
  const from = await panel.locator('#export-from').inputValue();
  const to = await panel.locator('#export-to').inputValue();
  expect(from).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  // CSV of everyone in the four weeks shown.
  await panel.getByRole('radio', { name: 'CSV (spreadsheet rows)' }).check();
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Download' }).click()]);
  expect(csvDownload.suggestedFilename()).toBe(`rota-${from}-to-${to}.csv`);
  const csvText = await read(csvDownload);
  expect(csvText.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rows] = parseCsv(csvText.slice(1));
  expect(header?.slice(0, 8)).toEqual(['date', 'weekday', 'session', 'start', 'end', 'site', 'staff', 'role']);
  expect(rows.length).toBeGreaterThan(100); // the demo plans eight weeks for its whole MDT
  await expect(panel.getByTestId('rota-export-done')).toHaveText(`Downloaded rota-${from}-to-${to}.csv: ${rows.length} sessions.`);
  for (const r of rows) {
    const [date = '', , session = '', start, end] = r;
    expect(date >= from && date <= to, `${date} in ${from}..${to}`).toBe(true);
    expect([start, end], `${date} ${session}`).toEqual(expectedTimes(date, session));
  }

  // One person's calendar: the same sessions as their CSV rows, at the same times.
  const person = rows[0]?.[6] ?? '';
  const theirs = rows.filter((r) => r[6] === person);
  await panel.getByLabel('Who').selectOption({ label: person });
  await panel.getByRole('radio', { name: 'Calendar (.ics)' }).check();
  const [icsDownload] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Download' }).click()]);
  expect(icsDownload.suggestedFilename()).toMatch(new RegExp(`^rota-${from}-to-${to}-[a-z0-9-]+\\.ics$`));
  const { comp, events } = calendarEvents(await read(icsDownload));
  expect(comp.getFirstPropertyValue('x-wr-calname')).toContain(person);
  expect(events).toHaveLength(theirs.length);
  for (const r of theirs) {
    const id = r[13] ?? '';
    const ev = events.find((e) => e.uid.startsWith(id));
    expect(ev, `event for ${id}`).toBeDefined();
    expect(ev?.startDate.zone?.tzid).toBe('Europe/London');
    expect(ev?.startDate.toString()).toBe(`${r[0]}T${r[3]}:00`);
    expect(ev?.endDate.toString()).toBe(`${r[0]}T${r[4]}:00`);
  }

  // A bad range is refused next to its field, and nothing is downloaded.
  await panel.locator('#export-to').fill(addDaysIso(from, -1));
  await panel.getByRole('button', { name: 'Download' }).click();
  await expect(panel.locator('#export-to-error')).toContainText('The end date must be on or after the start date');
});

test('My rota: the signed-in person downloads their own calendar', async ({ page, spoke }) => {
  await openDemoRota(page, spoke.url);
  const mine = page.getByRole('region', { name: 'My rota' });
  const shown = await mine.getByTestId('my-rota').locator('tbody tr').count().catch(() => 0);
  const [download] = await Promise.all([page.waitForEvent('download'), mine.getByRole('button', { name: 'Download my calendar (.ics)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.ics$/);
  const { events } = calendarEvents(await read(download));
  // The table lists the loaded dates; the calendar covers the next 90 days, so at least as many.
  expect(events.length).toBeGreaterThanOrEqual(shown);
  for (const e of events) {
    const date = e.startDate.toString().slice(0, 10);
    const session = e.startDate.toString().slice(11, 16) < '13:00' ? 'am' : e.startDate.toString().slice(11, 16) < '18:30' ? 'pm' : 'eve';
    expect(e.startDate.toString().slice(11, 16)).toBe(expectedTimes(date, session)[0]);
  }
  await expect(mine.getByRole('status')).toContainText(`${events.length} ${events.length === 1 ? 'session' : 'sessions'}`);
});
