import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { roleById } from '../../../shared/domain/roles';
import { APP_ROLE_LABELS, type AppRole, type AuditEntry, type Practice } from '../../../shared/schemas';
import { ErrorMessage, ErrorSummary } from '../components/ErrorSummary';
import { PageHeading } from '../components/PageHeading';
import { describedBy, formErrorsFrom, formErrorsOf, type FormErrors } from '../forms';
import { formatDateTime, fullName } from '../format';
import { useSpoke } from '../store';
import { selectCanManageStaff, selectStatus } from '../store/session';
import { selectStaff } from '../store/staff';
import { SitesSection } from './settings/SitesSection';

/** #/settings: practice details, sites, who can sign in, where the data lives, and recent changes. */
export function SettingsPage() {
  const status = useSpoke(selectStatus);
  const canManage = useSpoke(selectCanManageStaff);
  const practice = status?.practice;
  if (!status || !practice) return <PageHeading title="Settings" />;

  return (
    <>
      <PageHeading title="Settings" />
      <section className="spoke-section" aria-labelledby="practice-heading">
        <h2 className="nhsuk-heading-m" id="practice-heading">
          Practice details
        </h2>
        {canManage ? (
          <PracticeDetailsForm key={practice.updatedAt} practice={practice} />
        ) : (
          <dl className="nhsuk-summary-list">
            <SummaryRow k="Practice name" v={practice.name} />
            <SummaryRow k="ODS code" v={practice.odsCode} />
            <SummaryRow k="List size" v={practice.listSize.toLocaleString('en-GB')} />
          </dl>
        )}
      </section>

      <SitesSection sites={practice.sites} canManage={canManage} />

      <ProfilesSection canManage={canManage} />

      <section className="spoke-section" aria-labelledby="data-heading">
        <h2 className="nhsuk-heading-m" id="data-heading">
          Data on this computer
        </h2>
        <dl className="nhsuk-summary-list">
          <SummaryRow k="Data folder" v={<code className="spoke-path">{status.dataDir}</code>} />
          <SummaryRow k="Database schema version" v={String(status.schemaVersion)} />
          <SummaryRow k="Spoke version" v={status.version} />
        </dl>
      </section>

      <RecentChanges />
    </>
  );
}

function SummaryRow({ k, v }: { k: string; v: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{k}</dt>
      <dd className="nhsuk-summary-list__value">{v}</dd>
    </div>
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
      {fields.map(([f, label, width]) => {
        const id = practiceTarget(f);
        const error = errors?.fields[f];
        return (
          <div key={f} className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
            <label className="nhsuk-label" htmlFor={id}>
              {label}
            </label>
            <ErrorMessage id={id} message={error} />
            <input
              className={`nhsuk-input ${width}${error ? ' nhsuk-input--error' : ''}`}
              id={id}
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={values[f]}
              aria-describedby={describedBy(id, { error })}
              onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))}
            />
          </div>
        );
      })}
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
    <section className="spoke-section" aria-labelledby="profiles-heading">
      <h2 className="nhsuk-heading-m" id="profiles-heading">
        Sign-in profiles
      </h2>
      <p className="nhsuk-body">Who can choose their name when Spoke opens, and what they can do.</p>
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Sign-in profiles</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th scope="col" className="nhsuk-table__header">Name</th>
            <th scope="col" className="nhsuk-table__header">Job role</th>
            <th scope="col" className="nhsuk-table__header">Can act as</th>
            {canManage ? (
              <th scope="col" className="nhsuk-table__header">
                <span className="nhsuk-u-visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
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
        </tbody>
      </table>
      {canManage && !adding ? (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setAdding(true)}>
          Add a profile
        </button>
      ) : null}
      {canManage && adding ? (
        <form className="spoke-form" noValidate onSubmit={(e) => void submit(e)} aria-label="Add a profile">
          {errors ? <ErrorSummary errors={errors} targetId={profileTarget} /> : null}
          <div className={`nhsuk-form-group${errors?.fields.staffId ? ' nhsuk-form-group--error' : ''}`}>
            <label className="nhsuk-label" htmlFor="profile-staffId">
              Staff member
            </label>
            <ErrorMessage id="profile-staffId" message={errors?.fields.staffId} />
            <select
              className={`nhsuk-select${errors?.fields.staffId ? ' nhsuk-select--error' : ''}`}
              id="profile-staffId"
              value={staffId}
              aria-describedby={describedBy('profile-staffId', { error: errors?.fields.staffId })}
              onChange={(e) => setStaffId(e.target.value)}
            >
              <option value="">Choose a staff member</option>
              {activeStaff.map((s) => (
                <option key={s.id} value={s.id}>
                  {fullName(s)} – {roleById(s.roleId)?.label ?? s.roleId}
                </option>
              ))}
            </select>
          </div>
          <div className={`nhsuk-form-group${errors?.fields.appRole ? ' nhsuk-form-group--error' : ''}`}>
            <fieldset className="nhsuk-fieldset" id="profile-appRole" aria-describedby={describedBy('profile-appRole', { hint: true, error: errors?.fields.appRole })}>
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">What can they do in Spoke?</legend>
              <div className="nhsuk-hint" id="profile-appRole-hint">
                Practice managers manage staff and settings. Clinical leads must be registered clinicians.
              </div>
              <ErrorMessage id="profile-appRole" message={errors?.fields.appRole} />
              <div className="nhsuk-radios">
                {APP_ROLES.map((r) => (
                  <div className="nhsuk-radios__item" key={r}>
                    <input
                      className="nhsuk-radios__input"
                      id={`profile-appRole-${r}`}
                      name="profile-appRole"
                      type="radio"
                      value={r}
                      checked={appRole === r}
                      onChange={() => setAppRole(r)}
                    />
                    <label className="nhsuk-label nhsuk-radios__label" htmlFor={`profile-appRole-${r}`}>
                      {APP_ROLE_LABELS[r]}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
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
    </section>
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
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    fetchRecentChanges(20).then(
      (e) => {
        if (live) setEntries(e);
      },
      (err: unknown) => {
        if (live) setError(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      live = false;
    };
  }, [fetchRecentChanges, version]);

  return (
    <section className="spoke-section" aria-labelledby="changes-heading">
      <h2 className="nhsuk-heading-m" id="changes-heading">
        Recent changes
      </h2>
      {error ? <p className="nhsuk-body">Recent changes could not be loaded: {error}</p> : null}
      {entries === null && !error ? <p className="nhsuk-body">Loading…</p> : null}
      {entries && entries.length > 0 ? (
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">The 20 most recent changes</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">When</th>
              <th scope="col" className="nhsuk-table__header">What</th>
              <th scope="col" className="nhsuk-table__header">Who</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
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
          </tbody>
        </table>
      ) : null}
      {entries?.length === 0 ? <p className="nhsuk-body">No changes recorded.</p> : null}
    </section>
  );
}
