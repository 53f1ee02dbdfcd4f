import { runRosterCli } from './cli';

runRosterCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
}, new URL('./roster-worker.mjs', import.meta.url)).then((code) => { process.exitCode = code; }, (err: unknown) => {
  process.stderr.write(`roster:solve failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
