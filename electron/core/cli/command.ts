/**
 * What a practice CLI command is. The core's own commands live in practice-cli.ts; a
 * feature that adds commands keeps them in its own folder (features/<name>/cli.ts) and
 * they are listed once in practice-cli.ts's table.
 */
import type { PracticeCore } from '../practice-core';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Every option any command takes; each command says which of them apply to it. */
export const CLI_OPTIONS = {
  data: { type: 'string' },
  ods: { type: 'string' },
  name: { type: 'string' },
  'list-size': { type: 'string' },
  site: { type: 'string', multiple: true },
  code: { type: 'string' },
  json: { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
  format: { type: 'string' },
  staff: { type: 'string' },
  out: { type: 'string' },
  id: { type: 'string' },
  as: { type: 'string' },
  help: { type: 'boolean' },
} as const;

export type CliOption = Exclude<keyof typeof CLI_OPTIONS, 'data' | 'help'>;

/** The parsed options, as node:util parseArgs gives them. */
export interface CliValues {
  data?: string;
  ods?: string;
  name?: string;
  'list-size'?: string;
  site?: string[];
  code?: string;
  json?: boolean;
  from?: string;
  to?: string;
  format?: string;
  staff?: string;
  out?: string;
  id?: string;
  as?: string;
  help?: boolean;
}

export interface PracticeCommand {
  /** Its lines in the usage text, options first, then what it does. */
  usage: string;
  /** The options it takes besides --data. */
  options: readonly CliOption[];
  /** init and demo only: may create a practice in a folder that has none. */
  creates?: boolean;
  /** Refused (exit 1) on a database that has no practice in it yet. */
  needsPractice?: boolean;
  /** Checks the options before the practice is opened; a message means a usage error (exit 2). */
  check?(values: CliValues): string | null;
  /** Runs on the opened practice; returns the exit code (0 done, 1 failed). */
  run(core: PracticeCore, values: CliValues, io: CliIo): number | Promise<number>;
  /**
   * Instead of `run`, for a command that opens (or makes) the practice itself: `import`
   * (into an empty folder), `restore` (which also works where a damaged spoke.db was moved aside).
   */
  standalone?(values: CliValues & { data: string }, io: CliIo): number | Promise<number>;
}
