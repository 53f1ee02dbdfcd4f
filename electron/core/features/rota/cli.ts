import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Id } from '../../../../shared/contract/common';
import { MAX_EXPORT_DAYS, RotaDate } from '../../../../shared/contract/rota';
import { fieldErrorsFromIssues } from '../../../../shared/errors';
import { rotaToCsv } from './export/csv';
import type { RotaExportData } from './export/data';
import { fileSafe } from './export/file';
import { rotaToIcs } from './export/ics';
import { rotaToXlsx } from './export/xlsx';
import type { PracticeCommand } from '../../cli/command';
import type { PracticeCore } from '../../practice-core';

export { MAX_EXPORT_DAYS };

export const ExportRotaArgs = z
  .strictObject({
    from: RotaDate,
    to: RotaDate,
    format: z.enum(['csv', 'xlsx', 'ics'], { error: '--format is csv, xlsx or ics' }),
    staff: Id.optional(),
    out: z.string().min(1, { error: 'Give --out FILE' }),
  })
  .refine((a) => a.to >= a.from, { path: ['to'], error: '--to must be on or after --from' })
  .refine((a) => a.to < a.from || (Date.parse(a.to) - Date.parse(a.from)) / 86_400_000 < MAX_EXPORT_DAYS, {
    path: ['to'],
    error: `Export at most ${MAX_EXPORT_DAYS} days at once`,
  });
export type ExportRotaArgs = z.infer<typeof ExportRotaArgs>;

export function parseExportRotaArgs(raw: Record<string, unknown>): { ok: true; args: ExportRotaArgs } | { ok: false; message: string } {
  const r = ExportRotaArgs.safeParse(raw);
  if (r.success) return { ok: true, args: r.data };
  return { ok: false, message: Object.entries(fieldErrorsFromIssues(r.error.issues)).map(([k, v]) => `--${k}: ${v}`).join('\n') };
}

/** What the export functions take, read from the practice database for the range. */
export function rotaExportData(core: PracticeCore, from: string, to: string, staffId?: string): RotaExportData {
  return core.rota.exportData(from, to, staffId);
}

/**
 * Writes the export. csv and xlsx: one file (optionally one person's rows). ics: with
 * --staff, one calendar file; without, --out is a folder that gets one calendar per person
 * with sessions in the range. Returns what was written, for the message on stderr.
 */
export async function exportRota(core: PracticeCore, args: ExportRotaArgs): Promise<string[]> {
  if (args.staff && !core.staff.repo.get(args.staff)) throw new Error(`No staff member has the id ${args.staff}.`);
  const data = rotaExportData(core, args.from, args.to, args.staff);
  const write = (file: string, body: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, body);
    return file;
  };
  switch (args.format) {
    case 'csv':
      return [write(args.out, rotaToCsv(data))];
    case 'xlsx':
      return [write(args.out, await rotaToXlsx(data))];
    case 'ics': {
      if (args.staff) return [write(args.out, rotaToIcs(data, args.staff))];
      const people = new Set(data.assignments.map((a) => a.staffId));
      const written: string[] = [];
      for (const s of data.staff) {
        if (!people.has(s.id)) continue;
        written.push(write(path.join(args.out, `${fileSafe(s.displayName)}-${s.id.slice(0, 8)}.ics`), rotaToIcs(data, s.id)));
      }
      return written;
    }
  }
}

const exportArgsOf = (values: Parameters<PracticeCommand['run']>[1]) =>
  parseExportRotaArgs({ from: values.from, to: values.to, format: values.format, out: values.out, ...(values.staff === undefined ? {} : { staff: values.staff }) });

/** `practice -- export-rota`: the rota of a date range as CSV, an Excel workbook or calendars. */
export const exportRotaCommand: PracticeCommand = {
  usage:
    'export-rota --data DIR --from DATE --to DATE --format csv|xlsx|ics [--staff ID] --out FILE\n         the rota of a date range (at most 400 days); --staff limits it to one person.\n         ics without --staff: --out is a folder, one calendar file per person',
  options: ['from', 'to', 'format', 'staff', 'out'],
  needsPractice: true,
  check: (values) => {
    const args = exportArgsOf(values);
    return args.ok ? null : args.message;
  },
  run: async (core, values, io) => {
    const args = exportArgsOf(values);
    if (!args.ok) throw new Error(args.message);
    const files = await exportRota(core, args.args);
    io.err(files.length === 0 ? 'Nobody has sessions in that range: no calendar files written.' : `Wrote ${files.length === 1 ? (files[0] ?? '') : `${files.length} files into ${args.args.out}`}.`);
    return 0;
  },
};
