import type { ModelComparison, WorkforceRow, WorkforceSummary, workforceChannels } from '../../../../shared/contract/workforce';
import { WorkforceModelSource } from '../../../../shared/hub-content';
import { BUILT_IN_CATALOGUE, roleLabelIn, type Catalogue, type CatalogueRole } from '../../../../shared/domain/catalogue';
import type { CoreContext, HandlerTable } from '../context';
import type { StaffRepo } from '../staff/repo';

/** What the workforce view reads from the hub's synced catalogues. */
export interface CentralCatalogues {
  /** A synced catalogue's data, or undefined before the first sync. */
  catalogue(id: 'workforce-model'): unknown;
  /** The catalogue in use (roles, retired ones marked). */
  current(): Catalogue;
  release(): number | null;
  listSize(): number;
}

/** Headcount and WTE by MDT role, from the staff directory, beside the hub's model. */
export class WorkforceFeature {
  constructor(
    private readonly ctx: CoreContext,
    private readonly staff: StaffRepo,
    private readonly central: CentralCatalogues | null = null,
  ) {}

  private compare(rows: readonly WorkforceRow[], roles: readonly CatalogueRole[]): ModelComparison | null {
    const model = WorkforceModelSource.safeParse(this.central?.catalogue('workforce-model'));
    if (!model.success || !this.central) return null;
    const listSize = this.central.listSize();
    const round = (n: number) => Math.round(n * 100) / 100;
    const actual = new Map(rows.map((r) => [r.roleId, r.wte]));
    const label = new Map(roles.map((r) => [r.id, roleLabelIn({ roles }, r.id)]));
    return {
      release: this.central.release(),
      listSize,
      rows: model.data.targets.map((t) => {
        const wte = actual.get(t.role) ?? 0;
        const targetWte = round((t.wte * listSize) / 10000);
        return {
          roleId: t.role,
          label: label.get(t.role) ?? t.role,
          actualWte: round(wte),
          actualPer10k: listSize > 0 ? round((wte * 10000) / listSize) : 0,
          targetPer10k: t.wte,
          targetWte,
          gapWte: round(wte - targetWte),
        };
      }),
    };
  }

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
    // The catalogue in use labels, groups and flags the rows; a role the hub has retired
    // still counts, marked as retired, and one it never knew is counted under its id.
    const roles = (this.central?.current() ?? BUILT_IN_CATALOGUE).roles;
    const known = new Set(roles.map((r) => r.id));
    const rows: WorkforceRow[] = [
      ...roles.filter((r) => byRole.has(r.id)).map((r) => ({ id: r.id, category: r.category, arrs: r.arrs })),
      ...[...byRole.keys()].filter((id) => !known.has(id)).map((id) => ({ id, category: 'admin' as const, arrs: false })),
    ].map((r) => {
      const acc = byRole.get(r.id) ?? { headcount: 0, wte: 0 };
      return { roleId: r.id, label: roleLabelIn({ roles }, r.id), category: r.category, arrs: r.arrs, headcount: acc.headcount, wte: round(acc.wte) };
    });
    const sum = (xs: WorkforceRow[]) => round(xs.reduce((a, r) => a + r.wte, 0));
    return {
      asOf,
      rows,
      model: this.compare(rows, roles),
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
