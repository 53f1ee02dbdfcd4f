// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppStatus } from '../../shared/contract/app';
import { ReadOnlyBanner } from '../../renderer/src/components/Banner';
import { SignInPage } from '../../renderer/src/features/app/SignInPage';
import { useSpoke } from '../../renderer/src/store';

vi.mock('../../renderer/src/api/client', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../renderer/src/api/client')>();
  return { ...real, api: vi.fn(() => new Promise(() => {})) };
});

const initialState = useSpoke.getState();
const status = (over: Partial<AppStatus>): AppStatus => ({
  version: '0.1.0',
  dataDir: '/srv/practice',
  schemaVersion: 1,
  practice: { id: '00000000-0000-4000-8000-000000000001', name: 'Spokeford', odsCode: 'Z99001', listSize: 1, sites: [], isDemo: true, updatedAt: 'x' },
  profile: null,
  profiles: [{ id: '00000000-0000-4000-8000-000000000002', staffId: '00000000-0000-4000-8000-000000000003', displayName: 'Samira Holt', roleLabel: 'Practice manager', appRole: 'practice_manager' }],
  readOnly: null,
  signedOutNotice: null,
  ...over,
});
afterEach(cleanup);

describe('what the app status tells every screen', () => {
  it('a read-only practice shows the read-only banner with its reason', () => {
    useSpoke.setState({ ...initialState, status: status({ readOnly: { reason: 'your user account cannot write to the data folder /srv/practice' } }) }, true);
    render(<ReadOnlyBanner />);
    expect(screen.getByTestId('read-only-banner').textContent).toContain(
      'This practice is open read-only because your user account cannot write to the data folder /srv/practice. Changes cannot be saved.',
    );
  });

  it('a writable practice shows no read-only banner', () => {
    useSpoke.setState({ ...initialState, status: status({}) }, true);
    render(<ReadOnlyBanner />);
    expect(screen.queryByTestId('read-only-banner')).toBeNull();
  });

  it('the sign-in page says why this tab was signed out', () => {
    useSpoke.setState({ ...initialState, status: status({ signedOutNotice: 'You were signed out after 12 hours without activity.' }) }, true);
    render(<SignInPage />);
    expect(screen.getByTestId('signed-out-notice').textContent).toBe('You were signed out after 12 hours without activity.');
    cleanup();
    useSpoke.setState({ ...initialState, status: status({}) }, true);
    render(<SignInPage />);
    expect(screen.queryByTestId('signed-out-notice')).toBeNull();
  });
});
