// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppStatus } from '../../shared/contract/app';
import { StorageWarningBanner } from '../../renderer/src/components/Banner';
import { useSpoke } from '../../renderer/src/store';

const initialState = useSpoke.getState();
const status = (storageWarning: string | null): AppStatus => ({
  version: '0.1.0',
  dataDir: '/mnt/surgery-share/practice',
  schemaVersion: 1,
  practice: null,
  profile: null,
  profiles: [],
  readOnly: null,
  storageWarning,
  signedOutNotice: null,
});
afterEach(cleanup);

describe('a data folder on a network filesystem', () => {
  it('is shown on every screen with the core’s words', () => {
    // the core's wording is tested in tests/unit/network-filesystem.test.ts; here, that the app shows it
    const warning = "The practice data folder /mnt/surgery-share/practice is on a network filesystem (CIFS). SQLite's write-ahead log is not safe there.";
    useSpoke.setState({ ...initialState, status: status(warning) }, true);
    render(<StorageWarningBanner />);
    expect(screen.getByTestId('storage-warning').textContent).toContain('is on a network filesystem (CIFS). SQLite\'s write-ahead log is not safe there');
  });

  it('a local folder shows nothing', () => {
    useSpoke.setState({ ...initialState, status: status(null) }, true);
    render(<StorageWarningBanner />);
    expect(screen.queryByTestId('storage-warning')).toBeNull();
  });
});
