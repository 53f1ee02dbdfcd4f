// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ROLES } from '../../shared/domain/roles';
import { wte } from '../../shared/domain/workforce';
import type { AppStatus } from '../../shared/contract/app';
import type { Site } from '../../shared/contract/practice';
import type { Staff } from '../../shared/contract/staff';
import { StaffListPage } from '../../renderer/src/features/staff/StaffListPage';
import { useSpoke } from '../../renderer/src/store';
import { filterStaff, indexStaff, type StaffFilter } from '../../renderer/src/features/staff/slice';

vi.mock('../../renderer/src/api/client', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../renderer/src/api/client')>();
  return { ...real, api: vi.fn(() => new Promise(() => {})) };
});

const SITES: Site[] = [{ id: '11111111-1111-4111-8111-111111111111', name: 'Spokeford Surgery', isMain: true, updatedAt: '2026-01-01T00:00:00.000Z' }];
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function person(n: number, over: Partial<Staff> = {}): Staff {
  const role = ROLES[n % ROLES.length]!;
  const contract = { kind: 'hours' as const, amount: 20 + (n % 10) };
  return {
    id: uuid(n),
    givenName: `Given${n}`,
    familyName: `Family${String(n).padStart(4, '0')}`,
    roleId: role.id,
    contract,
    usualSessions: [],
    siteIds: [SITES[0]!.id],
    professionalBody: role.bodies[0] ?? null,
    registrationNumber: role.bodies.length ? `99${String(n).padStart(5, '0')}` : null,
    startDate: '2020-01-01',
    endDate: null,
    competencies: [],
    email: null,
    wte: wte(contract),
    archivedAt: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...over,
  };
}

const DEMO: Staff[] = [
  person(1, { givenName: 'Amara', familyName: 'Okafor', roleId: 'gp_partner', professionalBody: 'GMC', registrationNumber: '9900101' }),
  person(2, { givenName: 'Idris', familyName: 'Kaya', roleId: 'clinical_pharmacist', professionalBody: 'GPhC', registrationNumber: '9900201' }),
  person(3, { givenName: 'Chloe', familyName: 'Danvers', roleId: 'receptionist', professionalBody: null, registrationNumber: null }),
  person(4, { givenName: 'Old', familyName: 'Leaver', roleId: 'receptionist', professionalBody: null, registrationNumber: null, archivedAt: '2024-02-01T00:00:00.000Z' }),
];

const all: StaffFilter = { text: '', category: 'all', showArchived: false };

describe('filterStaff', () => {
  const index = indexStaff(DEMO, SITES);

  it('hides archived staff unless asked, and counts what is in scope', () => {
    expect(filterStaff(index, all)).toMatchObject({ total: 3 });
    expect(filterStaff(index, { ...all, showArchived: true }).rows.map((r) => r.name)).toContain('Old Leaver');
  });

  it('matches name, role label and registration number, case-insensitively', () => {
    const names = (text: string) => filterStaff(index, { ...all, text }).rows.map((r) => r.name);
    expect(names('OKAFOR')).toEqual(['Amara Okafor']);
    expect(names('pharmacist')).toEqual(['Idris Kaya']);
    expect(names('9900201')).toEqual(['Idris Kaya']);
    expect(names('care navigator')).toEqual(['Chloe Danvers']);
    expect(names('gp amara')).toEqual(['Amara Okafor']);
    expect(names('nobody')).toEqual([]);
  });

  it('narrows by role category', () => {
    expect(filterStaff(index, { ...all, category: 'admin' }).rows.map((r) => r.name)).toEqual(['Chloe Danvers']);
  });

  it('filters 5,000 staff well inside a frame', () => {
    const many = indexStaff(Array.from({ length: 5000 }, (_, i) => person(i)), SITES);
    const t0 = performance.now();
    for (const text of ['f', 'fa', 'fam', 'fami', 'famil', 'family0']) filterStaff(many, { ...all, text });
    expect((performance.now() - t0) / 6).toBeLessThan(50);
  });
});

describe('StaffListPage', () => {
  const initialState = useSpoke.getState();
  const height = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  const width = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth');
  const offset = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight');

  beforeAll(() => {
    // jsdom lays nothing out; give the table's scroll box a size so the virtualiser renders rows.
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1000 });
    // ...and each row a height when the virtualiser measures it.
    Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 50 });
  });
  afterAll(() => {
    if (height) Object.defineProperty(HTMLElement.prototype, 'clientHeight', height);
    if (width) Object.defineProperty(HTMLElement.prototype, 'clientWidth', width);
    if (offset) Object.defineProperty(HTMLElement.prototype, 'offsetHeight', offset);
  });

  beforeEach(() => {
    const status: AppStatus = {
      version: '0.1.0',
      dataDir: '/tmp/x',
      schemaVersion: 1,
      practice: { id: uuid(900), name: 'Spokeford', odsCode: 'Z99001', listSize: 1, sites: SITES, isDemo: true, updatedAt: 'x' },
      profile: { id: uuid(901), staffId: uuid(902), displayName: 'Samira Holt', roleLabel: 'Practice manager', appRole: 'practice_manager' },
      profiles: [],
      readOnly: null,
      signedOutNotice: null,
    };
    const big = Array.from({ length: 600 }, (_, i) => person(i + 10));
    useSpoke.setState({ ...initialState, status, staff: [...DEMO, ...big], staffLoaded: true }, true);
  });
  afterEach(cleanup);

  it('narrows the virtualised list as you type and renders only rows in view', async () => {
    const user = userEvent.setup();
    render(<StaffListPage />);
    expect(screen.getByTestId('staff-count').textContent).toBe('Showing 603 of 603');
    const table = screen.getByRole('table', { name: 'Staff' });
    expect(table.getAttribute('aria-rowcount')).toBe('604');
    const rendered = screen.getAllByTestId('staff-row').length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(60);

    await user.type(screen.getByLabelText('Search staff'), 'okafor');
    expect(screen.getByTestId('staff-count').textContent).toBe('Showing 1 of 603');
    const rows = screen.getAllByTestId('staff-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.getAttribute('aria-rowindex')).toBe('2');
    expect(screen.getByRole('link', { name: 'Amara Okafor' }).getAttribute('href')).toBe(`#/staff/${uuid(1)}`);
    expect(rows[0]!.textContent).toContain('GMC 9900101');
  });

  it('shows archived staff with a tag only when asked', async () => {
    const user = userEvent.setup();
    render(<StaffListPage />);
    await user.type(screen.getByLabelText('Search staff'), 'leaver');
    expect(screen.queryAllByTestId('staff-row')).toHaveLength(0);
    await user.click(screen.getByLabelText('Show archived staff'));
    const rows = screen.getAllByTestId('staff-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.textContent).toContain('Archived');
  });

  it('has no Add button for a non-manager', () => {
    act(() => {
      const s = useSpoke.getState().status;
      if (s?.profile) useSpoke.setState({ status: { ...s, profile: { ...s.profile, appRole: 'staff' } } });
    });
    render(<StaffListPage />);
    expect(screen.queryByRole('button', { name: 'Add staff member' })).toBeNull();
  });
});
