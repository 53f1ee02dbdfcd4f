/**
 * One person's rota as an iCalendar file (ical-generator), for their phone or Outlook.
 *
 * Times are written as Europe/London wall-clock times with TZID=Europe/London and a
 * VTIMEZONE describing British Summer Time, so a session at 08:00 stays at 08:00 on both
 * sides of the clock changes whatever the reader's own time zone. Each event's UID is
 * the assignment id, so re-importing an updated file updates events instead of doubling them.
 */
import ical, { ICalEventStatus } from 'ical-generator';
import { ROTA_SESSION_LABELS } from '../../../../../shared/rota/model';
import { PRACTICE_TIME_ZONE } from '../../../../../shared/rota/time';
import { exportRows, type RotaExportData } from './data';

/**
 * Europe/London as a VTIMEZONE: GMT, and BST from 01:00 UTC on the last Sunday in March
 * to 01:00 UTC on the last Sunday in October (the rule since 1996).
 */
export const EUROPE_LONDON_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/London',
  'X-LIC-LOCATION:Europe/London',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

export const ICS_UID_DOMAIN = 'rota.spoke.invalid';

/**
 * One person's calendar; without `staffId`, one calendar of everyone's sessions in the range
 * (each event then names the person), which is what the app offers as "everyone".
 */
export function rotaToIcs(data: RotaExportData, staffId?: string): string {
  const person = staffId === undefined ? undefined : data.staff.find((s) => s.id === staffId);
  const cal = ical({
    prodId: { company: 'Spoke', product: 'Rota', language: 'EN' },
    name: `${data.practiceName} rota: ${staffId === undefined ? 'everyone' : (person?.displayName ?? 'unknown person')}`,
    // No calendar-wide zone (that would make DTSTAMP local); each event carries TZID, and the
    // generator adds the VTIMEZONE for it.
    timezone: { name: null, generator: (tz) => (tz === PRACTICE_TIME_ZONE ? EUROPE_LONDON_VTIMEZONE : null) },
  });
  for (const r of exportRows(data, staffId)) {
    const a = r.assignment;
    const updated = new Date(a.updatedAt);
    const stamp = Number.isNaN(updated.getTime()) ? new Date(`${a.date}T00:00:00Z`) : updated;
    cal.createEvent({
      id: `${a.id}@${ICS_UID_DOMAIN}`,
      // Local wall-clock strings: with the calendar's time zone set, ical-generator writes
      // them as they are under TZID=Europe/London (see the module comment).
      start: `${a.date}T${r.start}:00`,
      end: `${a.date}T${r.end}:00`,
      timezone: PRACTICE_TIME_ZONE,
      summary: `${staffId === undefined ? `${r.staffName}: ` : ''}${r.dutyName} (${r.dutyCode}) - ${r.siteName}`,
      location: r.siteName,
      description: [`${ROTA_SESSION_LABELS[a.session]} session, ${a.status}`, a.note].filter((x) => x !== '').join('\n'),
      status: a.status === 'confirmed' ? ICalEventStatus.CONFIRMED : ICalEventStatus.TENTATIVE,
      stamp,
      lastModified: stamp,
    });
  }
  return cal.toString();
}
