/**
 * Bank holidays in England and Wales, 2024 to 2028, with substitute days where a holiday
 * falls at a weekend. Source: GOV.UK, "UK bank holidays" (https://www.gov.uk/bank-holidays,
 * data at https://www.gov.uk/bank-holidays.json, division "england-and-wales"), Open
 * Government Licence v3.0. Dates after those GOV.UK had published are the statutory
 * pattern (Easter from the Gregorian computus; first and last Mondays of May, last
 * Monday of August; Christmas and Boxing Day with substitutes) and may be changed by
 * proclamation: the hub is to update this list.
 */
export interface BankHoliday {
  date: string;
  title: string;
}

export const BANK_HOLIDAYS_ENGLAND_WALES: readonly BankHoliday[] = [
  { date: '2024-01-01', title: "New Year's Day" },
  { date: '2024-03-29', title: 'Good Friday' },
  { date: '2024-04-01', title: 'Easter Monday' },
  { date: '2024-05-06', title: 'Early May bank holiday' },
  { date: '2024-05-27', title: 'Spring bank holiday' },
  { date: '2024-08-26', title: 'Summer bank holiday' },
  { date: '2024-12-25', title: 'Christmas Day' },
  { date: '2024-12-26', title: 'Boxing Day' },
  { date: '2025-01-01', title: "New Year's Day" },
  { date: '2025-04-18', title: 'Good Friday' },
  { date: '2025-04-21', title: 'Easter Monday' },
  { date: '2025-05-05', title: 'Early May bank holiday' },
  { date: '2025-05-26', title: 'Spring bank holiday' },
  { date: '2025-08-25', title: 'Summer bank holiday' },
  { date: '2025-12-25', title: 'Christmas Day' },
  { date: '2025-12-26', title: 'Boxing Day' },
  { date: '2026-01-01', title: "New Year's Day" },
  { date: '2026-04-03', title: 'Good Friday' },
  { date: '2026-04-06', title: 'Easter Monday' },
  { date: '2026-05-04', title: 'Early May bank holiday' },
  { date: '2026-05-25', title: 'Spring bank holiday' },
  { date: '2026-08-31', title: 'Summer bank holiday' },
  { date: '2026-12-25', title: 'Christmas Day' },
  { date: '2026-12-28', title: 'Boxing Day (substitute day)' },
  { date: '2027-01-01', title: "New Year's Day" },
  { date: '2027-03-26', title: 'Good Friday' },
  { date: '2027-03-29', title: 'Easter Monday' },
  { date: '2027-05-03', title: 'Early May bank holiday' },
  { date: '2027-05-31', title: 'Spring bank holiday' },
  { date: '2027-08-30', title: 'Summer bank holiday' },
  { date: '2027-12-27', title: 'Christmas Day (substitute day)' },
  { date: '2027-12-28', title: 'Boxing Day (substitute day)' },
  { date: '2028-01-03', title: "New Year's Day (substitute day)" },
  { date: '2028-04-14', title: 'Good Friday' },
  { date: '2028-04-17', title: 'Easter Monday' },
  { date: '2028-05-01', title: 'Early May bank holiday' },
  { date: '2028-05-29', title: 'Spring bank holiday' },
  { date: '2028-08-28', title: 'Summer bank holiday' },
  { date: '2028-12-25', title: 'Christmas Day' },
  { date: '2028-12-26', title: 'Boxing Day' },
];

/** The years this list covers; dates outside them are refused as out of the supported range. */
export const BANK_HOLIDAY_YEARS = { first: 2024, last: 2028 } as const;

const byDate = new Map(BANK_HOLIDAYS_ENGLAND_WALES.map((b) => [b.date, b]));

export function bankHolidayOn(date: string): BankHoliday | undefined {
  return byDate.get(date);
}

export function isBankHoliday(date: string): boolean {
  return byDate.has(date);
}

/** Dates the rota accepts: the years the bank-holiday data covers. */
export function isInSupportedRange(date: string): boolean {
  const y = Number(date.slice(0, 4));
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && y >= BANK_HOLIDAY_YEARS.first && y <= BANK_HOLIDAY_YEARS.last;
}

export const SUPPORTED_RANGE_MESSAGE = `Choose a date from ${BANK_HOLIDAY_YEARS.first} to ${BANK_HOLIDAY_YEARS.last}: Spoke knows the bank holidays of those years`;
