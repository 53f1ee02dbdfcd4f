import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The grid revalidates in the renderer; the foundation keeps zod out of the UI bundle for a
// fast first paint, so the engine and its helpers must not pull the schemas in at run time.
describe('the rota engine in the UI bundle', () => {
  it('bundles for the browser without zod or any Node module', async () => {
    const entries = ['rules', 'coverage', 'leave', 'patterns', 'paste', 'time', 'dates', 'bank-holidays', 'vocabulary', 'scenario', 'register', 'workforce'].map((m) => `shared/rota/${m}.ts`);
    const result = await build({ entryPoints: entries, bundle: true, write: false, platform: 'browser', format: 'esm', metafile: true, outdir: 'out', logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.includes('shared/rota/rules.ts'))).toBe(true);
    expect(inputs.filter((i) => i.includes('node_modules/zod') || i.endsWith('shared/schemas.ts') || i.endsWith('shared/rota/model.ts'))).toEqual([]);
  });
});
