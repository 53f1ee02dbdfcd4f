import { useCallback, useEffect, useState } from 'react';
import { PreferencesEditor } from '../roster/PreferencesEditor';
import { competencyById } from '../../../../shared/domain/competencies';
import { catalogueRole, roleLabelIn } from '../../../../shared/domain/catalogue';
import { SESSION_LABELS, WEEKDAY_LABELS } from '../../../../shared/domain/workforce';
import type { Site } from '../../../../shared/contract/practice';
import type { Staff } from '../../../../shared/contract/staff';
import { AuditSection } from '../audit/AuditSection';
import { PageHeading } from '../../components/PageHeading';
import { Section } from '../../components/Section';
import { SummaryList } from '../../components/SummaryList';
import { Tag } from '../../components/Tag';
import { formatContract, formatDate, formatDateTime, formatWte, fullName } from '../../format';
import { useSpoke } from '../../store';
import { selectCanManageStaff } from '../app/slice';
import { StaffForm } from './StaffForm';

const NO_SITES: Site[] = [];

function useSites(): readonly Site[] {
  return useSpoke((s) => s.status?.practice?.sites ?? NO_SITES);
}

function BackLink() {
  return (
    <div className="nhsuk-back-link">
      <a className="nhsuk-back-link__link" href="#/staff">
        Back to staff
      </a>
    </div>
  );
}

/** #/staff/new: the form for a practice manager, a plain explanation for anyone else. */
/** The role list follows the catalogue in use (a sync may have changed it since it was last loaded). */
function useCurrentCatalogue(): void {
  const loadCatalogue = useSpoke((s) => s.loadCatalogue);
  useEffect(() => {
    void loadCatalogue();
  }, [loadCatalogue]);
}

export function StaffNewPage() {
  useCurrentCatalogue();
  const canManage = useSpoke(selectCanManageStaff);
  const navigate = useSpoke((s) => s.navigate);
  const sites = useSites();
  return (
    <>
      <BackLink />
      <PageHeading title="Add a staff member" />
      {canManage ? (
        <StaffForm
          existing={null}
          sites={sites}
          cancelHref="#/staff"
          onSaved={(saved) => navigate('/staff', { kind: 'success', message: `Saved ${fullName(saved)}` })}
        />
      ) : (
        <p className="nhsuk-body">Only a practice manager can add staff members.</p>
      )}
    </>
  );
}

/** #/staff/:id: edit (practice manager) or read (everyone else), archive or restore, and the record's history. */
export function StaffMemberPage({ id }: { id: string }) {
  useCurrentCatalogue();
  const canManage = useSpoke(selectCanManageStaff);
  const fetchStaffMember = useSpoke((s) => s.fetchStaffMember);
  const navigate = useSpoke((s) => s.navigate);
  const sites = useSites();
  const [staff, setStaff] = useState<Staff | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(() => {
    fetchStaffMember(id).then(
      (s) => {
        setStaff(s);
        setLoadError(null);
      },
      (err: unknown) => setLoadError(err instanceof Error ? err.message : String(err)),
    );
  }, [fetchStaffMember, id]);

  useEffect(load, [load]);

  if (loadError) {
    return (
      <>
        <BackLink />
        <PageHeading title="Staff member not found" />
        <p className="nhsuk-body">{loadError}</p>
      </>
    );
  }
  if (!staff) {
    return (
      <>
        <BackLink />
        <PageHeading title="Staff member" />
        <p className="nhsuk-body">Loading…</p>
      </>
    );
  }

  const name = fullName(staff);
  return (
    <>
      <BackLink />
      <PageHeading title={canManage ? `Edit ${name}` : name}>
        {canManage ? `Edit ${name}` : name}
        {staff.archivedAt ? (
          <>
            {' '}
            <Tag colour="grey">Archived</Tag>
          </>
        ) : null}
      </PageHeading>
      {canManage ? (
        <>
          <StaffForm
            key={staff.updatedAt}
            existing={staff}
            sites={sites}
            cancelHref="#/staff"
            onReload={load}
            onSaved={(saved) => navigate('/staff', { kind: 'success', message: `Saved ${fullName(saved)}` })}
          />
          <ArchiveControls staff={staff} />
        </>
      ) : (
        <StaffDetails staff={staff} sites={sites} />
      )}
      {staff.archivedAt ? null : <PreferencesEditor staffId={staff.id} />}
      <StaffHistory staffId={staff.id} version={staff.updatedAt} />
    </>
  );
}

/** Archiving keeps the record for the practice's history; restoring brings them back. */
function ArchiveControls({ staff }: { staff: Staff }) {
  const archiveStaff = useSpoke((s) => s.archiveStaff);
  const restoreStaff = useSpoke((s) => s.restoreStaff);
  const reportError = useSpoke((s) => s.reportError);
  const navigate = useSpoke((s) => s.navigate);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const name = fullName(staff);

  const run = (action: () => Promise<Staff>, verb: string) => {
    if (busy) return;
    setBusy(true);
    action().then(
      (saved) => navigate('/staff', { kind: 'success', message: `${verb} ${fullName(saved)}` }),
      (err: unknown) => {
        setBusy(false);
        setConfirming(false);
        reportError(err);
      },
    );
  };

  if (staff.archivedAt) {
    return (
      <Section headingId="archive-heading" title="Archived">
        <p className="nhsuk-body">
          {name} was archived on {formatDateTime(staff.archivedAt)}. They are not counted in the workforce figures.
        </p>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => run(() => restoreStaff(staff.id), 'Restored')}>
          Restore staff member
        </button>
      </Section>
    );
  }

  return (
    <Section headingId="archive-heading" title="Archive">
      <p className="nhsuk-body">
        Archive someone who has left. Their record is kept for the practice&apos;s history and can be restored.
      </p>
      {confirming ? (
        <div className="nhsuk-card nhsuk-card--warning">
          <div className="nhsuk-card__content">
            <h3 className="nhsuk-card__heading">Archive {name}?</h3>
            <p className="nhsuk-card__description">
              They will leave the staff list and the MDT workforce figures, and any sign-in profile they have will stop
              working.
            </p>
            <div className="nhsuk-button-group spoke-button-group">
              <button type="button" className="nhsuk-button nhsuk-button--warning" onClick={() => run(() => archiveStaff(staff.id), 'Archived')}>
                Yes, archive {name}
              </button>
              <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </div>
          </div>
        </div>
      ) : (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setConfirming(true)}>
          Archive staff member
        </button>
      )}
    </Section>
  );
}

/** What a non-manager sees: the record as a summary list, nothing to edit. */
export function StaffDetails({ staff, sites }: { staff: Staff; sites: readonly Site[] }) {
  const roles = useSpoke((s) => s.catalogue.roles);
  const role = catalogueRole({ roles }, staff.roleId);
  const siteNames = staff.siteIds.map((id) => sites.find((s) => s.id === id)?.name ?? 'Unknown site');
  const rows: [string, string][] = [
    ['Role', `${roleLabelIn({ roles }, staff.roleId)}${role?.arrs && !role.label.includes('ARRS') ? ' (ARRS)' : ''}`],
    ['Contract', `${formatContract(staff.contract)} a week (${formatWte(staff.wte)} WTE)`],
    [
      'Usual working sessions',
      staff.usualSessions.length
        ? staff.usualSessions.map((u) => `${WEEKDAY_LABELS[u.day]} ${SESSION_LABELS[u.period].toLowerCase()}`).join(', ')
        : 'None recorded',
    ],
    ['Sites', siteNames.join(', ') || 'None'],
    [
      'Registration',
      staff.professionalBody && staff.registrationNumber
        ? `${staff.professionalBody} ${staff.registrationNumber}`
        : (role?.bodies.length ?? 0) > 0
          ? 'Registration missing'
          : 'Not required for this role',
    ],
    ['Start date', formatDate(staff.startDate)],
    ['End date', staff.endDate ? formatDate(staff.endDate) : 'None'],
    ['Competencies', staff.competencies.map((c) => competencyById(c)?.label ?? c).join(', ') || 'None recorded'],
    ['Email', staff.email ?? 'None recorded'],
  ];
  return <SummaryList rows={rows} />;
}

/** The record's audit trail, reloaded whenever the record changes. */
function StaffHistory({ staffId, version }: { staffId: string; version: string }) {
  const fetchStaffHistory = useSpoke((s) => s.fetchStaffHistory);
  const load = useCallback(() => fetchStaffHistory(staffId), [fetchStaffHistory, staffId]);
  return (
    <AuditSection headingId="history-heading" title="History" failure="The history could not be loaded" load={load} version={version}>
      {(entries) => (
        <ul className="nhsuk-list spoke-history">
          {entries.map((e) => (
            <li key={e.seq}>
              <span className="spoke-history__when">{formatDateTime(e.at)}</span> {e.summary}{' '}
              <span className="spoke-secondary">by {e.actor}</span>
            </li>
          ))}
        </ul>
      )}
    </AuditSection>
  );
}
