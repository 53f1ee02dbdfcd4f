// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Site } from '../../shared/contract/practice';
import type { Staff } from '../../shared/contract/staff';
import { ApiError, api } from '../../renderer/src/api/client';
import { StaffForm } from '../../renderer/src/features/staff/StaffForm';
import { staffFieldFor } from '../../renderer/src/features/staff/draft';
import { useSpoke } from '../../renderer/src/store';

vi.mock('../../renderer/src/api/client', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../renderer/src/api/client')>();
  return { ...real, api: vi.fn() };
});

const mockedApi = vi.mocked(api);
const initialState = useSpoke.getState();

const SITES: Site[] = [
  { id: '11111111-1111-4111-8111-111111111111', name: 'Spokeford Surgery', isMain: true, updatedAt: '2026-01-01T00:00:00.000Z' },
  { id: '22222222-2222-4222-8222-222222222222', name: 'Little Hubley Branch Surgery', isMain: false, updatedAt: '2026-01-01T00:00:00.000Z' },
];

const AMARA: Staff = {
  id: '33333333-3333-4333-8333-333333333333',
  givenName: 'Amara',
  familyName: 'Okafor',
  roleId: 'gp_partner',
  contract: { kind: 'sessions', amount: 8 },
  usualSessions: [{ day: 'mon', period: 'am' }],
  siteIds: [SITES[0]!.id],
  professionalBody: 'GMC',
  registrationNumber: '9900101',
  startDate: '2012-09-01',
  endDate: null,
  competencies: ['duty_doctor'],
  email: null,
  wte: 0.89,
  archivedAt: null,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
};

/** The error element a control's aria-describedby points at. */
function describedError(el: HTMLElement): string {
  const ids = (el.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id.endsWith('-error'));
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

beforeEach(() => {
  useSpoke.setState(initialState, true);
  mockedApi.mockReset();
});
afterEach(cleanup);

describe('StaffForm', () => {
  it('shows the server field errors next to each field and in a focused error summary, and stays put', async () => {
    const user = userEvent.setup();
    mockedApi.mockRejectedValueOnce(
      new ApiError({
        code: 'invalid_input',
        message: 'Check the details: Enter first name.',
        fieldErrors: {
          givenName: 'Enter first name',
          'contract.amount': 'Sessions per week must be 11 or fewer (9 sessions is full time)',
          registrationNumber: 'A GMC number is 7 digits, e.g. 1234567',
          endDate: 'End date must be on or after the start date',
          'competencies.0': 'GP trainer cannot be held by a salaried gp',
          _: 'Something about the whole record',
        },
      }),
    );
    const onSaved = vi.fn();
    render(<StaffForm existing={null} sites={SITES} onSaved={onSaved} cancelHref="#/staff" />);

    await user.selectOptions(screen.getByLabelText('Role'), 'gp_partner');
    // Adding a GP: sessions is the default contract type and GMC the only body.
    expect(screen.getByLabelText<HTMLInputElement>('Sessions per week', { selector: 'input[type=radio]' }).checked).toBe(true);
    expect(screen.getByLabelText<HTMLSelectElement>('Professional body').value).toBe('GMC');
    await user.type(screen.getByLabelText('Sessions per week', { selector: 'input[type=number]' }), '99');
    await user.type(screen.getByLabelText('Registration number'), '12');
    await user.click(screen.getByRole('button', { name: 'Save staff member' }));

    const summary = await screen.findByRole('alert');
    expect(document.activeElement).toBe(summary);
    expect(within(summary).getByRole('heading', { name: 'There is a problem' })).toBeTruthy();
    const link = within(summary).getByRole('link', { name: 'Enter first name' });
    expect(link.getAttribute('href')).toBe('#givenName');
    expect(within(summary).getByRole('link', { name: /Sessions per week must be 11 or fewer/ }).getAttribute('href')).toBe('#amount');
    expect(within(summary).getByRole('link', { name: /GP trainer cannot be held/ }).getAttribute('href')).toBe('#competencies');
    // A message with no field is listed, not linked.
    expect(within(summary).getByText('Something about the whole record').closest('a')).toBeNull();

    const givenName = screen.getByLabelText('First name');
    expect(describedError(givenName)).toContain('Enter first name');
    expect(givenName.closest('.nhsuk-form-group')?.classList.contains('nhsuk-form-group--error')).toBe(true);
    expect(describedError(screen.getByLabelText('Sessions per week', { selector: 'input[type=number]' }))).toContain('11 or fewer');
    expect(describedError(screen.getByLabelText('Registration number'))).toContain('7 digits');
    expect(describedError(screen.getByLabelText('End date (optional)'))).toContain('on or after the start date');
    expect(describedError(screen.getByRole('group', { name: 'Competencies' }))).toContain('GP trainer cannot be held');

    // Following a summary link focuses the field.
    await user.click(link);
    expect(document.activeElement).toBe(givenName);

    expect(onSaved).not.toHaveBeenCalled();
    const [channel, input] = mockedApi.mock.calls[0] ?? [];
    expect(channel).toBe('staff.create');
    expect(input).toMatchObject({ roleId: 'gp_partner', contract: { kind: 'sessions', amount: 99 }, professionalBody: 'GMC', registrationNumber: '12' });
  });

  it('edits with the loaded updatedAt and maps "staff."-prefixed paths from staff.update', async () => {
    const user = userEvent.setup();
    mockedApi.mockRejectedValueOnce(
      new ApiError({ code: 'invalid_input', message: 'x', fieldErrors: { 'staff.contract.amount': 'Sessions per week must be whole or half sessions' } }),
    );
    render(<StaffForm existing={AMARA} sites={SITES} onSaved={vi.fn()} cancelHref="#/staff" />);
    const amount = screen.getByLabelText('Sessions per week', { selector: 'input[type=number]' });
    expect(screen.getByTestId('wte-preview').textContent).toBe('= 0.89 WTE');
    await user.clear(amount);
    await user.type(amount, '7.3');
    await user.click(screen.getByRole('button', { name: 'Save staff member' }));
    await screen.findByRole('alert');
    expect(describedError(amount)).toContain('whole or half sessions');
    expect(mockedApi).toHaveBeenCalledWith('staff.update', expect.objectContaining({ id: AMARA.id, expectedUpdatedAt: AMARA.updatedAt }));
  });

  it('offers Reload after a conflict', async () => {
    const user = userEvent.setup();
    mockedApi.mockRejectedValueOnce(new ApiError({ code: 'conflict', message: 'Amara Okafor was changed by someone else after you opened the record.' }));
    const onReload = vi.fn();
    render(<StaffForm existing={AMARA} sites={SITES} onSaved={vi.fn()} onReload={onReload} cancelHref="#/staff" />);
    await user.click(screen.getByRole('button', { name: 'Save staff member' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('changed by someone else');
    await user.click(within(summary).getByRole('button', { name: 'Reload' }));
    expect(onReload).toHaveBeenCalledOnce();
  });

  it('calls onSaved with the saved record', async () => {
    const user = userEvent.setup();
    mockedApi.mockResolvedValueOnce(AMARA);
    const onSaved = vi.fn();
    render(<StaffForm existing={AMARA} sites={SITES} onSaved={onSaved} cancelHref="#/staff" />);
    await user.click(screen.getByRole('button', { name: 'Save staff member' }));
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalledWith(AMARA));
  });

  it('labels every usual-session checkbox by day and session', () => {
    render(<StaffForm existing={AMARA} sites={SITES} onSaved={vi.fn()} cancelHref="#/staff" />);
    const grid = screen.getByRole('group', { name: 'Usual working sessions' });
    expect(within(grid).getByLabelText<HTMLInputElement>('Monday morning').checked).toBe(true);
    expect(within(grid).getByLabelText<HTMLInputElement>('Saturday afternoon').checked).toBe(false);
    expect(within(grid).getAllByRole('checkbox')).toHaveLength(12);
  });
});

describe('staffFieldFor', () => {
  it.each([
    ['givenName', 'givenName'],
    ['contract.amount', 'amount'],
    ['contract.kind', 'contractKind'],
    ['staff.registrationNumber', 'registrationNumber'],
    ['competencies.3', 'competencies'],
    ['usualSessions.0.day', 'usualSessions'],
    ['siteIds', 'siteIds'],
    ['_', null],
    ['expectedUpdatedAt', null],
  ])('%s -> %s', (path, field) => {
    expect(staffFieldFor(path)).toBe(field);
  });
});
