import type { WorkforceRow, WorkforceSummary, workforceChannels } from '../../../../shared/contract/workforce';
import { ROLES } from '../../../../shared/domain/roles';
import type { CoreContext, HandlerTable } from '../context';
import type { StaffRepo } from '../staff/repo';

/** Headcount and WTE by MDT role, from the staff directory. */
export class WorkforceFeature {
  constructor(
    private readonly ctx: CoreContext,
    private readonly staff: StaffRepo,
  ) {}

  summary(asOf: string): WorkforceSummary {
    const active = this.staff.list(false).filter((s) => s.startDate <= asOf && (s.endDate === null || s.endDate >= asOf));
    const byRole = new Map<string, { headcount: number; wte: number }>();
    for (const s of active) {
      const acc = byRole.get(s.roleId) ?? { headcount: 0, wte: 0 };
      acc.headcount += 1;
      acc.wte += s.wte;
      byRole.set(s.roleId, acc);
    }
    const round = (n: number) => Math.round(n * 100) / 100;
    const rows: WorkforceRow[] = ROLES.filter((r) => byRole.has(r.id)).map((r) => {
      const acc = byRole.get(r.id) ?? { headcount: 0, wte: 0 };
      return { roleId: r.id, label: r.label, category: r.category, arrs: r.arrs, headcount: acc.headcount, wte: round(acc.wte) };
    });
    const sum = (xs: WorkforceRow[]) => round(xs.reduce((a, r) => a + r.wte, 0));
    return {
      asOf,
      rows,
      totals: {
        headcount: rows.reduce((a, r) => a + r.headcount, 0),
        wte: sum(rows),
        arrsWte: sum(rows.filter((r) => r.arrs)),
        coreWte: sum(rows.filter((r) => !r.arrs)),
      },
    };
  }

  readonly handlers: HandlerTable<typeof workforceChannels> = {
    'workforce.summary': (input) => this.summary(input.asOf ?? this.ctx.today()),
  };
}
