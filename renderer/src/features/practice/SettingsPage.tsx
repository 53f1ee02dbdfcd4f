import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { roleLabelIn } from '../../../../shared/domain/catalogue';
import { APP_ROLE_LABELS, type AppRole } from '../../../../shared/domain/app-roles';
import type { Practice } from '../../../../shared/contract/practice';
import { AuditSection } from '../audit/AuditSection';
import { Radio } from '../../components/Choices';
import { ErrorSummary } from '../../components/ErrorSummary';
import { FieldsetGroup } from '../../components/FormGroup';
import { PageHeading } from '../../components/PageHeading';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { SummaryList } from '../../components/SummaryList';
import { ACTIONS_COLUMN, Table } from '../../components/Table';
import { TextField } from '../../components/TextField';
import { formErrorsFrom, formErrorsOf, type FormErrors } from '../../forms';
import { formatDateTime, fullName } from '../../format';
import { useSpoke } from '../../store';
import { selectCanManageStaff, selectStatus } from '../app/slice';
import { selectStaff } from '../staff/slice';
import { SitesSection } from './SitesSection';
import { BackupsSection } from '../backup/BackupsSection';

/** #/settings: practice details, sites, who can sign in, where the data lives, and recent changes. */
export function SettingsPage() {
  const status = useSpoke(selectStatus);
  const canManage = useSpoke(selectCanManageStaff);
  const practice = status?.practice;
  if (!status || !practice) return <PageHeading title="Settings" />;

  return (
    <>
      <PageHeading title="Settings" />
      <Section headingId="practice-heading" title="Practice details">
        {canManage ? (
          <PracticeDetailsForm key={practice.updatedAt} practice={practice} />
        ) : (
          <SummaryList
            rows={[
              ['Practice name', practice.name],
              ['ODS code', practice.odsCode],
              ['List size', practice.listSize.toLocaleString('en-GB')],
            ]}
          />
        )}
      </Section>

      <SitesSection sites={practice.sites} canManage={canManage} />

      <ProfilesSection canManage={canManage} />

      <Section headingId="data-heading" title="Data on this computer">
        <SummaryList
          rows={[
            ['Data folder', <code className="spoke-path">{status.dataDir}</code>],
            ['Database schema version', String(status.schemaVersion)],
            ['Spoke version', status.version],
          ]}
        />
      </Section>

      {status.profile && status.profile.appRole !== 'staff' && !status.readOnly && status.dataDir !== ':memory:' ? <BackupsSection /> : null}

      <RecentChanges />
    </>
  );
}

type PracticeField = 'name' | 'odsCode' | 'listSize';
const practiceFieldFor = (path: string): PracticeField | null =>
  path === 'name' || path === 'odsCode' || path === 'listSize' ? path : null;
const practiceTarget = (f: PracticeField) => `practice-${f}`;

function PracticeDetailsForm({ practice }: { practice: Practice }) {
  const updatePractice = useSpoke((s) => s.updatePractice);
  const loadStatus = useSpoke((s) => s.loadStatus);
  const showBanner = useSpoke((s) => s.showBanner);
  const [values, setValues] = useState<Record<PracticeField, string>>({
    name: practice.name,
    odsCode: practice.odsCode,
    listSize: String(practice.listSize),
  });
  const [errors, setErrors] = useState<FormErrors<PracticeField> | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    setSaving(true);
    const cleaned = values.listSize.replace(/[,\s]/g, '');
    try {
      const saved = await updatePractice({
        name: values.name,
        odsCode: values.odsCode,
        listSize: cleaned === '' ? Number.NaN : Number(cleaned),
        expectedUpdatedAt: practice.updatedAt,
      });
      showBanner({ kind: 'success', message: `Saved the details of ${saved.name}` });
      window.scrollTo({ top: 0 });
    } catch (err) {
      setErrors(formErrorsFrom(err, practiceFieldFor));
      setSaving(false);
    }
  }

  const fields: [PracticeField, string, string][] = [
    ['name', 'Practice name', 'nhsuk-u-width-two-thirds'],
    ['odsCode', 'ODS code', 'nhsuk-input--width-10'],
    ['listSize', 'List size', 'nhsuk-input--width-10'],
  ];
  return (
    <form className="spoke-form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="practice-heading">
      {errors ? (
        <ErrorSummary errors={errors} targetId={practiceTarget}>
          {errors.code === 'conflict' ? (
            <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => void loadStatus()}>
              Reload
            </button>
          ) : null}
        </ErrorSummary>
      ) : null}
      {fields.map(([f, label, width]) => (
        <TextField
          key={f}
          id={practiceTarget(f)}
          label={label}
          width={width}
          spellCheck={false}
          value={values[f]}
          error={errors?.fields[f]}
          onChange={(value) => setValues((v) => ({ ...v, [f]: value }))}
        />
      ))}
      <button type="submit" className="nhsuk-button">
        Save practice details
      </button>
    </form>
  );
}

type ProfileField = 'staffId' | 'appRole';
const profileFieldFor = (path: string): ProfileField | null => (path === 'staffId' || path === 'appRole' ? path : null);
const profileTarget = (f: ProfileField) => `profile-${f}`;
const APP_ROLES = Object.keys(APP_ROLE_LABELS) as AppRole[];

function ProfilesSection({ canManage }: { canManage: boolean }) {
  const profiles = useSpoke((s) => s.status?.profiles);
  const staff = useSpoke(selectStaff);
  const loadStaff = useSpoke((s) => s.loadStaff);
  const createProfile = useSpoke((s) => s.createProfile);
  const removeProfile = useSpoke((s) => s.removeProfile);
  const reportError = useSpoke((s) => s.reportError);
  const showBanner = useSpoke((s) => s.showBanner);
  const [adding, setAdding] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const [staffId, setStaffId] = useState('');
  const [appRole, setAppRole] = useState<AppRole | ''>('');
  const [errors, setErrors] = useState<FormErrors<ProfileField> | null>(null);

  useEffect(() => {
    if (canManage) void loadStaff();
  }, [canManage, loadStaff]);

  const activeStaff = useMemo(() => staff.filter((s) => s.archivedAt === null), [staff]);
  const roles = useSpoke((s) => s.catalogue.roles);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const missing = formErrorsOf<ProfileField>({
      staffId: staffId === '' ? 'Choose a staff member' : undefined,
      appRole: appRole === '' ? 'Choose what they can do in Spoke' : undefined,
    });
    if (missing || staffId === '' || appRole === '') {
      setErrors(missing);
      return;
    }
    try {
      const profile = await createProfile({ staffId, appRole });
      showBanner({ kind: 'success', message: `${profile.displayName} can now sign in as ${APP_ROLE_LABELS[profile.appRole].toLowerCase()}` });
      setAdding(false);
      setErrors(null);
      setStaffId('');
      setAppRole('');
    } catch (err) {
      setErrors(formErrorsFrom(err, profileFieldFor));
    }
  }

  async function remove(id: string, label: string) {
    try {
      await removeProfile(id);
      setConfirmRemove(null);
      showBanner({ kind: 'success', message: `Removed the profile ${label}` });
    } catch (err) {
      setConfirmRemove(null);
      reportError(err);
    }
  }

  return (
    <Section headingId="profiles-heading" title="Sign-in profiles">
      <p className="nhsuk-body">Who can choose their name when Spoke opens, and what they can do.</p>
      <Table caption="Sign-in profiles" captionHidden columns={['Name', 'Job role', 'Can act as', ...(canManage ? [ACTIONS_COLUMN] : [])]}>
        {(profiles ?? []).map((p) => (
          <tr className="nhsuk-table__row" key={p.id}>
            <td className="nhsuk-table__cell">{p.displayName}</td>
            <td className="nhsuk-table__cell">{p.roleLabel}</td>
            <td className="nhsuk-table__cell">{APP_ROLE_LABELS[p.appRole]}</td>
            {canManage ? (
              <td className="nhsuk-table__cell">
                {confirmRemove === p.id ? (
                  <button
                    type="button"
                    className="nhsuk-button nhsuk-button--warning nhsuk-button--small spoke-inline-button"
                    onClick={() => void remove(p.id, `${p.displayName} (${APP_ROLE_LABELS[p.appRole]})`)}
                  >
                    Yes, remove {p.displayName} as {APP_ROLE_LABELS[p.appRole].toLowerCase()}
                  </button>
                ) : (
                  <button type="button" className="spoke-link-button" onClick={() => setConfirmRemove(p.id)}>
                    Remove<span className="nhsuk-u-visually-hidden"> {p.displayName} as {APP_ROLE_LABELS[p.appRole].toLowerCase()}</span>
                  </button>
                )}
              </td>
            ) : null}
          </tr>
        ))}
      </Table>
      {canManage && !adding ? (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setAdding(true)}>
          Add a profile
        </button>
      ) : null}
      {canManage && adding ? (
        <form className="spoke-form" noValidate onSubmit={(e) => void submit(e)} aria-label="Add a profile">
          {errors ? <ErrorSummary errors={errors} targetId={profileTarget} /> : null}
          <SelectField id={profileTarget('staffId')} label="Staff member" value={staffId} error={errors?.fields.staffId} onChange={setStaffId}>
            <option value="">Choose a staff member</option>
            {activeStaff.map((s) => (
              <option key={s.id} value={s.id}>
                {fullName(s)} – {roleLabelIn({ roles }, s.roleId)}
              </option>
            ))}
          </SelectField>
          <FieldsetGroup
            id={profileTarget('appRole')}
            legend="What can they do in Spoke?"
            hint="Practice managers manage staff and settings. Clinical leads must be registered clinicians."
            error={errors?.fields.appRole}
          >
            <div className="nhsuk-radios">
              {APP_ROLES.map((r) => (
                <Radio key={r} id={`profile-appRole-${r}`} name="profile-appRole" value={r} checked={appRole === r} onSelect={() => setAppRole(r)}>
                  {APP_ROLE_LABELS[r]}
                </Radio>
              ))}
            </div>
          </FieldsetGroup>
          <div className="nhsuk-button-group spoke-button-group">
            <button type="submit" className="nhsuk-button">
              Add profile
            </button>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary"
              onClick={() => {
                setAdding(false);
                setErrors(null);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </Section>
  );
}

function RecentChanges() {
  const fetchRecentChanges = useSpoke((s) => s.fetchRecentChanges);
  const version = useSpoke((s) => s.status?.practice?.updatedAt);
  const staff = useSpoke(selectStaff);
  const profiles = useSpoke((s) => s.status?.profiles);
  // Audit entries name only the record's id: put the person's name to it where it is known.
  const names = useMemo(
    () => new Map([...staff.map((s) => [s.id, fullName(s)] as const), ...(profiles ?? []).map((p) => [p.id, p.displayName] as const)]),
    [staff, profiles],
  );
  const load = useCallback(() => fetchRecentChanges(20), [fetchRecentChanges]);

  return (
    <AuditSection headingId="changes-heading" title="Recent changes" failure="Recent changes could not be loaded" load={load} version={version}>
      {(entries) => (
        <Table caption="The 20 most recent changes" captionHidden columns={['When', 'What', 'Who']}>
          {entries.map((e) => (
            <tr className="nhsuk-table__row" key={e.seq}>
              <td className="nhsuk-table__cell spoke-nowrap">{formatDateTime(e.at)}</td>
              <td className="nhsuk-table__cell">
                {names.has(e.entityId) ? <strong>{names.get(e.entityId)}: </strong> : null}
                {e.summary}
              </td>
              <td className="nhsuk-table__cell">{e.actor}</td>
            </tr>
          ))}
        </Table>
      )}
    </AuditSection>
  );
}
