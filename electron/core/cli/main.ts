import { runPracticeCli } from './practice-cli';

Promise.resolve(
  runPracticeCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
  }),
).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`Failed: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
