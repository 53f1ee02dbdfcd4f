/**
 * `tsx scripts/rota-trace.ts [--data DIR] [--out DIR]`: where the rota grid's open and
 * scroll time goes. Does what rotaInBrowser in bench.ts measures (click Rota from the
 * painted staff page; the same rAF scroll loop) under a Chrome DevTools trace, and prints
 * the renderer main thread's self time by event (script, style, layout, paint...) plus the
 * raster threads' time. The traces are kept in --out for DevTools' Performance panel.
 * With --data it reuses a seeded data folder (seedRotaYearDir) instead of seeding one.
 * With --times N it traces nothing and prints the open and scroll figures of N fresh pages.
 * With --profile it takes V8 CPU profiles of the open and the scroll instead of traces
 * (build the renderer unminified first, `npx vite build --minify false`, to read the names).
 * With --css TEXT that style sheet is added to each page before it scrolls (to try a style
 * change without a build). With --builds DIR,DIR... each page takes its turn on a web host
 * serving one of those built renderers (copies of dist/renderer), to compare builds alike.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, startHost } from './bench-host';
import { afterTwoFrames } from './paint-probe';
import { openRota, openStaffAsBenchManager, scrollRota } from './rota-measure';
import { seedRotaYearDir } from './rota-year';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** Self time (ms) per event name on one thread, from its complete (X) and B/E events. */
function selfTimes(events: TraceEvent[]): Map<string, number> {
  const out = new Map<string, number>();
  const spans = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined)
    .map((e) => ({ name: e.name, start: e.ts, end: e.ts + (e.dur ?? 0) }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const stack: { name: string; start: number; end: number; child: number }[] = [];
  const close = (until: number) => {
    while (stack.length && (stack.at(-1)?.end ?? 0) <= until) {
      const top = stack.pop();
      if (!top) break;
      out.set(top.name, (out.get(top.name) ?? 0) + (top.end - top.start - top.child) / 1000);
      const parent = stack.at(-1);
      if (parent) parent.child += top.end - top.start;
    }
  };
  for (const s of spans) {
    close(s.start);
    stack.push({ ...s, child: 0 });
  }
  close(Number.POSITIVE_INFINITY);
  return out;
}

function summarise(label: string, trace: { traceEvents: TraceEvent[] }, windowMs: number): void {
  const threads = new Map<string, string>();
  for (const e of trace.traceEvents) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}|${e.tid}`, e.args?.name ?? '');
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of trace.traceEvents) {
    const k = `${e.pid}|${e.tid}`;
    const list = byThread.get(k) ?? [];
    list.push(e);
    byThread.set(k, list);
  }
  // The renderer main thread with the most work is the page's.
  const mains = [...byThread].filter(([k]) => threads.get(k) === 'CrRendererMain');
  const busiest = (list: [string, TraceEvent[]][]) => list.sort((a, b) => b[1].length - a[1].length)[0];
  const main = busiest(mains);
  console.log(`\n== ${label} (${windowMs.toFixed(1)} ms measured)`);
  if (main) {
    const self = [...selfTimes(main[1])].sort((a, b) => b[1] - a[1]).slice(0, 22);
    console.log('  renderer main thread, self ms:');
    for (const [n, ms] of self) console.log(`    ${n.padEnd(48)} ${ms.toFixed(1)}`);
  }
  const pid = main?.[0].split('|')[0];
  for (const [k, list] of byThread) {
    const name = threads.get(k) ?? '';
    if (!k.startsWith(`${pid}|`) || name === 'CrRendererMain') continue;
    const total = [...selfTimes(list).values()].reduce((a, b) => a + b, 0);
    if (total > 5) console.log(`  ${name || k}: ${total.toFixed(1)} ms (${[...selfTimes(list)].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(', ')})`);
  }
  const gpu = [...byThread].filter(([k]) => threads.get(k) === 'VizCompositorThread' || threads.get(k) === 'CrGpuMain');
  for (const [k, list] of gpu) {
    const total = [...selfTimes(list).values()].reduce((a, b) => a + b, 0);
    console.log(`  ${threads.get(k)}: ${total.toFixed(1)} ms`);
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time by function (name, file and line), the 25 largest. */
function printProfile(label: string, profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)?.callFrame;
    const k = f ? `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}` : '?';
    self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  console.log(`\n== ${label}: CPU profile, self ms`);
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${k.padEnd(70)} ${ms.toFixed(1)}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, out: { type: 'string' }, times: { type: 'string' }, profile: { type: 'boolean' }, css: { type: 'string' }, builds: { type: 'string' } }, strict: true });
  const out = values.out ?? fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-rota-trace-'));
  fs.mkdirSync(out, { recursive: true });
  const seeded = values.data ? null : seedRotaYearDir();
  const dir = values.data ?? seeded?.dir ?? '';
  const host = await startHost(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.addInitScript({ content: 'window.__name = (f) => f;' });
    if (values.times) {
      // Style variants (split by ||) take turns page by page, so a change in the machine's load falls on all of them alike.
      const builds = values.builds ? values.builds.split(',') : [];
      // One copy of the data folder per host (a folder is open in one process at a time).
      const copies = builds.map((_, i) => {
        const copy = path.join(out, `data-${i}`);
        fs.cpSync(dir, copy, { recursive: true });
        fs.rmSync(path.join(copy, 'spoke.lock'), { force: true });
        return copy;
      });
      const hosts: Awaited<ReturnType<typeof startHost>>[] = [];
      for (const [i, b] of builds.entries()) hosts.push(await startHost(copies[i] ?? dir, b));
      const variants = builds.length ? builds : values.css ? values.css.split('||') : [''];
      const open = variants.map((): number[] => []);
      const p95 = variants.map((): number[] => []);
      const relayout = variants.map((): number[] => []);
      for (let i = 0; i < Number(values.times) * variants.length; i++) {
        const v = i % variants.length;
        const page = await context.newPage();
        page.on('requestfinished', (r) => {
          if (r.url().includes('rota.range') && variants.length === 1) {
            const t = r.timing();
            void r.sizes().then((z) => console.log(`  rota.range: waited ${(t.responseStart - t.requestStart).toFixed(0)} ms, body ${(t.responseEnd - t.responseStart).toFixed(0)} ms, ${z.responseBodySize} bytes`));
          }
        });
        await openStaffAsBenchManager(page, (hosts[v] ?? host).url);
        open[v]?.push(await openRota(page));
        // Style and layout of the grid from scratch (shown again after display: none), median of 15: less noisy than whole frames.
        relayout[v]?.push(
          await page.evaluate(() => {
            const grid = document.querySelector<HTMLElement>('[data-testid="rota-grid"]');
            if (!grid) return 0;
            const times: number[] = [];
            for (let k = 0; k < 15; k++) {
              grid.style.display = 'none';
              void document.body.offsetHeight;
              const t0 = performance.now();
              grid.style.display = '';
              void document.body.offsetHeight;
              times.push(performance.now() - t0);
            }
            return times.sort((a, b) => a - b)[7] ?? 0;
          }),
        );
        if (variants[v] && !builds.length) await page.addStyleTag({ content: variants[v] });
        await page.locator('[data-testid="rota-grid"] [data-active="true"]').click();
        const frames = (await scrollRota(page)).times.sort((a, b) => a - b);
        p95[v]?.push(frames[Math.floor(frames.length * 0.95)] ?? 0);
        await page.close();
      }
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
      for (const h of hosts) await h.stop();
      variants.forEach((css, v) => {
        const o = open[v] ?? [];
        const q = p95[v] ?? [];
        const l = relayout[v] ?? [];
        console.log(`${css || '(as built)'}\n  open ms ${o.map((x) => x.toFixed(0)).join(' ')} median ${med(o).toFixed(1)}; scroll p95 ms ${q.map((x) => x.toFixed(0)).join(' ')} median ${med(q).toFixed(1)}; grid style+layout ms median ${med(l).toFixed(2)}`);
      });
      return;
    }
    const page = await context.newPage();
    await openStaffAsBenchManager(page, host.url);
    if (values.profile) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      const profiled = async (label: string, run: () => Promise<unknown>) => {
        await cdp.send('Profiler.start');
        await run();
        const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
        fs.writeFileSync(path.join(out, `${label}.cpuprofile`), JSON.stringify(profile));
        printProfile(label, profile);
      };
      await profiled('open', () => openRota(page));
      await page.waitForTimeout(500);
      await page.locator('[data-testid="rota-grid"] [data-active="true"]').click();
      await profiled('scroll', () => scrollRota(page));
      return;
    }
    const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'blink.user_timing', 'v8.execute', 'cc', 'benchmark', 'toplevel'];
    await browser.startTracing(page, { path: path.join(out, 'open.json'), categories });
    const openMs = await openRota(page);
    const openTrace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    summarise('open', openTrace, openMs);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(out, 'open.png') });
    const shape = await page.evaluate(() => {
      const grid = document.querySelector('[data-testid="rota-grid"]');
      return { elements: grid?.querySelectorAll('*').length ?? 0, cells: grid?.querySelectorAll('[role="gridcell"]').length ?? 0, rows: grid?.querySelectorAll('[role="row"]').length ?? 0, client: [grid?.clientWidth, grid?.clientHeight], scroll: [grid?.scrollWidth, grid?.scrollHeight] };
    });
    console.log(`\ngrid in the DOM: ${JSON.stringify(shape)}`);
    const cdp = await page.context().newCDPSession(page);
    let layers = 0;
    cdp.on('LayerTree.layerTreeDidChange', (e: { layers?: unknown[] }) => (layers = e.layers?.length ?? layers));
    await cdp.send('LayerTree.enable');
    await afterTwoFrames(page);
    await cdp.send('LayerTree.disable');
    console.log(`composited layers: ${layers}`);
    // The benchmark edits cells before it scrolls, so the mouse rests over the active cell: so here.
    await page.locator('[data-testid="rota-grid"] [data-active="true"]').click();
    await browser.startTracing(page, { path: path.join(out, 'scroll.json'), categories });
    const frames = (await scrollRota(page)).times;
    const scrollTrace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    const sorted = [...frames].sort((a, b) => a - b);
    const p = (q: number) => sorted[Math.floor(sorted.length * q)] ?? 0;
    summarise(`scroll, ${frames.length} frames: median ${p(0.5).toFixed(1)} p95 ${p(0.95).toFixed(1)} ms`, scrollTrace, frames.reduce((a, b) => a + b, 0));
    console.log(`\ntraces in ${out}`);
  } finally {
    await browser.close();
    await host.stop();
    if (seeded) fs.rmSync(seeded.dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
