import type { ModelComparison, WorkforceRow, WorkforceSummary, workforceChannels } from '../../../../shared/contract/workforce';
import { RoleCatalogueSource, WorkforceModelSource } from '../../../../shared/hub-content';
import { ROLES, type RoleDefinition } from '../../../../shared/domain/roles';
import type { CoreContext, HandlerTable } from '../context';
import type { StaffRepo } from '../staff/repo';

/** What the workforce view reads from the hub's synced catalogues. */
export interface CentralCatalogues {
  /** A synced catalogue's data, or undefined before the first sync. */
  catalogue(id: 'roles' | 'workforce-model'): unknown;
  release(): number | null;
  listSize(): number;
}

/**
 * The role catalogue in use: the hub's once synced (from that release on), else the one
 * built in. A role the hub has retired stays readable, so staff records that use it
 * still show and count; a role only the built-in list knows is kept for the same reason.
 */
export function rolesInUse(central: CentralCatalogues | null): RoleDefinition[] {
  const parsed = RoleCatalogueSource.safeParse(central?.catalogue('roles'));
  if (!parsed.success) return [...ROLES];
  const hub = parsed.data.roles.map((r) => ({
    id: r.id,
    label: r.retired ? `${r.label} (retired)` : r.label,
    category: r.category,
    arrs: r.arrs,
    bodies: r.bodies,
    usuallySessions: r.usuallySessions,
  }));
  const known = new Set(hub.map((r) => r.id));
  return [...hub, ...ROLES.filter((r) => !known.has(r.id))];
}

/** Headcount and WTE by MDT role, from the staff directory, beside the hub's model. */
export class WorkforceFeature {
  constructor(
    private readonly ctx: CoreContext,
    private readonly staff: StaffRepo,
    private readonly central: CentralCatalogues | null = null,
  ) {}

  private compare(rows: readonly WorkforceRow[], roles: readonly RoleDefinition[]): ModelComparison | null {
    const model = WorkforceModelSource.safeParse(this.central?.catalogue('workforce-model'));
    if (!model.success || !this.central) return null;
    const listSize = this.central.listSize();
    const round = (n: number) => Math.round(n * 100) / 100;
    const actual = new Map(rows.map((r) => [r.roleId, r.wte]));
    const label = new Map(roles.map((r) => [r.id, r.label]));
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
    const roles = rolesInUse(this.central);
    const rows: WorkforceRow[] = roles.filter((r) => byRole.has(r.id)).map((r) => {
      const acc = byRole.get(r.id) ?? { headcount: 0, wte: 0 };
      return { roleId: r.id, label: r.label, category: r.category, arrs: r.arrs, headcount: acc.headcount, wte: round(acc.wte) };
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
