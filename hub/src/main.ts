import { runHubCli } from './cli';

const io = {
  out: (t: string) => process.stdout.write(`${t}\n`),
  err: (t: string) => process.stderr.write(`${t}\n`),
};

runHubCli(process.argv.slice(2), io).then(
  ({ code, serve }) => {
    process.exitCode = code;
    if (serve) {
      const stop = (): void => {
        void serve.server.close().finally(() => {
          serve.hub.close();
          process.exit(0);
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }
  },
  (err: unknown) => {
    io.err(`hub: ${String(err)}`);
    process.exitCode = 1;
  },
);
