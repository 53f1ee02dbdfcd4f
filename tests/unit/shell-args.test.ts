import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShellArgs } from '../../electron/main/args';

describe('desktop app command line', () => {
  it('reads --data and --demo among Electron and Chromium switches', () => {
    expect(parseShellArgs(['/usr/bin/electron', '.', '--no-sandbox', '--data', 'practice', '--demo'], '/home/pm')).toEqual({
      dataDir: path.resolve('/home/pm', 'practice'),
      demo: true,
    });
    expect(parseShellArgs(['.', '--data=/srv/spoke'], '/x')).toEqual({ dataDir: '/srv/spoke', demo: false });
  });

  it('ignores a --data with no folder rather than taking the next switch as one', () => {
    expect(parseShellArgs(['.', '--data', '--demo'], '/x')).toEqual({ dataDir: null, demo: true });
    expect(parseShellArgs(['.', '--data='], '/x')).toEqual({ dataDir: null, demo: false });
  });
});
