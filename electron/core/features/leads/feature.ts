import type { z } from 'zod';
import type { LeadsRegister, leadsChannels } from '../../../../shared/contract/leads';
import { SpokeError } from '../../../../shared/errors';
import { BUILT_IN_CATALOGUE, type CatalogueLeadType } from '../../../../shared/domain/catalogue';
import { addDays } from '../../../../shared/rota/dates';
import type { Actor } from '../audit/log';
import type { CoreContext, HandlerTable } from '../context';
import type { LeaveRepo } from '../leave/repo';
import { displayName, toLeaveRequest, toRotaStaff, type RotaFeature } from '../rota/feature';
import { namedLeadRegister, type Absence } from '../../../../shared/rota/register';
import type { StaffRepo } from '../staff/repo';
import type { LeadsRepo } from './repo';

type Input<C extends keyof typeof leadsChannels> = z.output<(typeof leadsChannels)[C]['input']>;

/** How far ahead the register shows each lead's and deputy's absences. */
const ABSENCE_WINDOW_DAYS = 56;

/** The named-lead register; its lead-and-deputy-both-away rule runs in the rota's validator. */
export class LeadsFeature {
  constructor(
    private readonly ctx: CoreContext,
    readonly repo: LeadsRepo,
    private readonly staff: StaffRepo,
    private readonly leave: LeaveRepo,
    private readonly rota: RotaFeature,
    /** The lead types in use (the hub's once synced): which of them must have a deputy. */
    private readonly leadTypes: () => readonly CatalogueLeadType[] = () => BUILT_IN_CATALOGUE.leadTypes,
  ) {}

  /**
   * The register from the rota engine's `namedLeadRegister` (who is in post on the date,
   * vacancies, holders who have left, their coming leave), over the practice's own list
   * of lead types, with every appointment row for editing.
   */
  register(asOf: string): LeadsRegister {
    const staff = this.staff.list(true);
    const names = new Map(staff.map((s) => [s.id, displayName(s)]));
    const approved = this.leave.overlapping(asOf, addDays(asOf, ABSENCE_WINDOW_DAYS - 1)).filter((l) => l.status === 'approved');
    const leaveById = new Map(approved.map((l) => [l.id, l]));
    const types = this.repo.types();
    const all = this.repo.leads();
    const rows = namedLeadRegister(
      all.map((l) => ({ id: l.id, leadType: l.leadTypeCode, leadStaffId: l.leadStaffId, deputyStaffId: l.deputyStaffId, from: l.from, to: l.to })),
      staff.map(toRotaStaff),
      approved.map(toLeaveRequest),
      asOf,
      ABSENCE_WINDOW_DAYS,
    );
    const rowByType = new Map(rows.map((r) => [r.leadType, r]));
    const absence = (staffId: string | null) => (a: Absence) => {
      const l = leaveById.get(a.leaveId);
      return { staffId: staffId ?? '', startDate: a.from, startHalf: l?.startHalf ?? 'am', endDate: a.to, endHalf: l?.endHalf ?? 'pm', type: a.type };
    };
    const leads = all.map((l) => {
      const row = rowByType.get(l.leadTypeCode);
      const inPost = row?.entry?.id === l.id ? row : null;
      return {
        ...l,
        leadName: l.leadStaffId ? (names.get(l.leadStaffId) ?? null) : null,
        deputyName: l.deputyStaffId ? (names.get(l.deputyStaffId) ?? null) : null,
        absences: inPost ? [...inPost.leadAbsences.map(absence(l.leadStaffId)), ...inPost.deputyAbsences.map(absence(l.deputyStaffId))] : [],
      };
    });
    const vacant = (code: string) => {
      const row = rowByType.get(code);
      return !row || row.vacant || row.holderGone;
    };
    return { asOf, types, leads, vacantTypeIds: types.filter((t) => !t.archived && vacant(t.code)).map((t) => t.id) };
  }

  /**
   * Lead types with nobody in post on the date, or no deputy, for the hub's report: the
   * lead type's code and label, and whether it is the deputy that is missing.
   */
  gaps(asOf: string): { leadType: string; label: string; deputy: boolean }[] {
    const staff = this.staff.list(true);
    const rows = namedLeadRegister(
      this.repo.leads().map((l) => ({ id: l.id, leadType: l.leadTypeCode, leadStaffId: l.leadStaffId, deputyStaffId: l.deputyStaffId, from: l.from, to: l.to })),
      staff.map(toRotaStaff),
      [],
      asOf,
      ABSENCE_WINDOW_DAYS,
    );
    const rowByType = new Map(rows.map((r) => [r.leadType, r]));
    // A missing deputy is a gap only where the catalogue asks for one (safeguarding, fire safety...).
    const deputyRequired = new Set(this.leadTypes().filter((t) => t.deputyRequired).map((t) => t.code));
    const gaps: { leadType: string; label: string; deputy: boolean }[] = [];
    for (const t of this.repo.types()) {
      if (t.archived) continue;
      const row = rowByType.get(t.code);
      if (!row || row.vacant || row.holderGone) gaps.push({ leadType: t.code, label: t.label, deputy: false });
      else if (row.noDeputy && deputyRequired.has(t.code)) gaps.push({ leadType: t.code, label: t.label, deputy: true });
    }
    return gaps;
  }

  private saveType(input: Input<'leads.types.save'>, actor: Actor) {
    const out = this.ctx.db.transaction(() => {
      const before = input.id ? this.repo.type(input.id) : null;
      if (input.id && !before) throw new SpokeError('not_found', 'That lead type no longer exists. Reload the page.');
      if (before && before.updatedAt !== input.expectedUpdatedAt) throw new SpokeError('conflict', 'That lead type was changed by someone else after you opened it. Reload and make your change again.');
      const same = this.repo.typeByLabel(input.label);
      if (same && same.id !== input.id) {
        const msg = `There is already a lead type called ${same.label}`;
        throw new SpokeError('invalid_input', `${msg}.`, { label: msg });
      }
      const at = this.ctx.stampAfter(before?.updatedAt ?? null);
      const id = this.repo.saveType({ label: input.label, archived: input.archived, ...(input.id ? { id: input.id } : {}) }, at);
      const after = this.repo.type(id);
      if (!after) throw new Error('lead type not saved');
      this.ctx.audit.record(at, actor, before ? 'lead type edited' : 'lead type added', 'named_lead_type', id, before, after);
      return after;
    })();
    this.rota.invalidate();
    return out;
  }

  private checkPerson(id: string | null, field: string, role: string): void {
    if (id === null) return;
    const s = this.staff.get(id);
    if (!s) throw new SpokeError('invalid_input', `Choose the ${role} from the staff list.`, { [field]: `Choose the ${role} from the staff list` });
    if (s.archivedAt !== null) {
      const msg = `${displayName(s)} is archived and cannot be a ${role}`;
      throw new SpokeError('invalid_input', `${msg}.`, { [field]: msg });
    }
  }

  private save(input: Input<'leads.save'>, actor: Actor) {
    const out = this.ctx.db.transaction(() => {
      const before = input.id ? this.repo.lead(input.id) : null;
      if (input.id && !before) throw new SpokeError('not_found', 'That named lead no longer exists. Reload the page.');
      if (before && before.updatedAt !== input.expectedUpdatedAt) throw new SpokeError('conflict', 'That named lead was changed by someone else after you opened it. Reload and make your change again.');
      const type = this.repo.type(input.leadTypeId);
      if (!type) throw new SpokeError('invalid_input', 'Choose a lead type from the list.', { leadTypeId: 'Choose a lead type from the list' });
      this.checkPerson(input.leadStaffId, 'leadStaffId', 'lead');
      this.checkPerson(input.deputyStaffId, 'deputyStaffId', 'deputy');
      const overlap = this.repo
        .leads()
        .find((l) => l.id !== input.id && l.leadTypeId === input.leadTypeId && l.from <= (input.to ?? '9999-12-31') && input.from <= (l.to ?? '9999-12-31'));
      if (overlap) {
        const msg = `${type.label} already has an appointment from ${overlap.from}${overlap.to ? ` to ${overlap.to}` : ''}: end it before this one starts`;
        throw new SpokeError('invalid_input', `${msg}.`, { from: msg });
      }
      const at = this.ctx.stampAfter(before?.updatedAt ?? null);
      const id = this.repo.saveLead({ ...input, ...(input.id ? { id: input.id } : {}) }, at);
      const after = this.repo.lead(id);
      if (!after) throw new Error('lead not saved');
      this.ctx.audit.record(at, actor, before ? 'named lead edited' : 'named lead appointed', 'named_lead', id, before, after);
      return after;
    })();
    this.rota.invalidate();
    return out;
  }

  private remove(input: Input<'leads.remove'>, actor: Actor) {
    this.ctx.db.transaction(() => {
      const before = this.repo.lead(input.id);
      if (!before) throw new SpokeError('not_found', 'That named lead no longer exists. Reload the page.');
      if (before.updatedAt !== input.expectedUpdatedAt) throw new SpokeError('conflict', 'That named lead was changed by someone else after you opened it. Reload and try again.');
      const at = this.ctx.stampAfter(before.updatedAt);
      this.repo.removeLead(input.id, at);
      this.ctx.audit.record(at, actor, 'named lead removed', 'named_lead', input.id, before, null);
    })();
    this.rota.invalidate();
    return { ok: true as const };
  }

  readonly handlers: HandlerTable<typeof leadsChannels> = {
    'leads.register': (input) => this.register(input.asOf ?? this.ctx.today()),
    'leads.types.save': (input, call) => this.saveType(input, this.ctx.actorOf(call.profile)),
    'leads.save': (input, call) => this.save(input, this.ctx.actorOf(call.profile)),
    'leads.remove': (input, call) => this.remove(input, this.ctx.actorOf(call.profile)),
  };
}
