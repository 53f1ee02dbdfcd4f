/**
 * Leave: request it (staff for themselves, a practice manager for anyone), and for the
 * practice manager the requests waiting with what approving each would do to the rota
 * (the sessions it empties, offered for clearing; the conflicts it adds; the balance),
 * then everyone's balances.
 */
import { useEffect, useMemo, useState } from 'react';
import type { LeaveImpact } from '../../../../shared/contract/leave';
import type { LeaveOut } from '../../../../shared/contract/rota';
import { formatDayWithYear } from '../../../../shared/rota/dates';
import { LEAVE_TYPES, LEAVE_TYPE_LABELS, ROTA_SESSION_LABELS } from '../../../../shared/rota/vocabulary';
import { ErrorSummary } from '../../components/ErrorSummary';
import { PageHeading } from '../../components/PageHeading';
import { SelectField } from '../../components/SelectField';
import { Tag } from '../../components/Tag';
import { TextField } from '../../components/TextField';
import { formErrorsFrom, formErrorsOf, type FormErrors } from '../../forms';
import { useSpoke } from '../../store';
import { selectCanEditRota } from '../rota/slice';

type Field = 'staffId' | 'type' | 'startDate' | 'startHalf' | 'endDate' | 'endHalf' | 'note';
const FIELDS: readonly Field[] = ['staffId', 'type', 'startDate', 'startHalf', 'endDate', 'endHalf', 'note'];
const fieldFor = (path: string): Field | null => FIELDS.find((f) => path === f || path.startsWith(`${f}.`)) ?? null;

const half = (h: string) => (h === 'am' ? 'morning' : 'afternoon');

export function describeLeave(l: { startDate: string; startHalf: string; endDate: string; endHalf: string }): string {
  if (l.startDate === l.endDate) {
    if (l.startHalf === l.endHalf) return `${formatDayWithYear(l.startDate)} (${half(l.startHalf)} only)`;
    return formatDayWithYear(l.startDate);
  }
  const from = `${formatDayWithYear(l.startDate)}${l.startHalf === 'pm' ? ' (from the afternoon)' : ''}`;
  const to = `${formatDayWithYear(l.endDate)}${l.endHalf === 'am' ? ' (morning only)' : ''}`;
  return `${from} to ${to}`;
}

const STATUS_TAG = { requested: ['yellow', 'Requested'], approved: ['green', 'Approved'], declined: ['grey', 'Declined'] } as const;

export function LeavePage() {
  const canDecide = useSpoke(selectCanEditRota);
  const me = useSpoke((s) => s.status?.profile?.staffId ?? null);
  const staff = useSpoke((s) => s.staff);
  const { loadLeave, loadStaff } = useSpoke.getState();
  const requests = useSpoke((s) => s.leaveRequests);
  const balances = useSpoke((s) => s.leaveBalances);
  const loaded = useSpoke((s) => s.leaveLoaded);

  useEffect(() => {
    void loadLeave();
    void loadStaff();
  }, [loadLeave, loadStaff]);

  const nameOf = useMemo(() => new Map(staff.map((s) => [s.id, `${s.givenName} ${s.familyName}`])), [staff]);
  const waiting = requests.filter((r) => r.status === 'requested');
  const mine = requests.filter((r) => r.staffId === me);
  const shownBalances = canDecide ? balances : balances.filter((b) => b.staffId === me);

  return (
    <>
      <PageHeading title="Leave" />
      <p className="nhsuk-body">Annual leave is counted in days (half days where a request is for a morning or an afternoon). Approved leave shows in the rota.</p>
      <RequestForm />

      {canDecide ? (
        <section aria-labelledby="leave-waiting-h">
          <h2 className="nhsuk-heading-m" id="leave-waiting-h">
            Requests waiting ({waiting.length})
          </h2>
          {!loaded ? <p className="nhsuk-body">Loading leave…</p> : waiting.length === 0 ? <p className="nhsuk-body">No requests are waiting.</p> : null}
          {waiting.map((r) => (
            <Decision key={r.id} leave={r} name={nameOf.get(r.staffId) ?? 'Someone'} />
          ))}
        </section>
      ) : null}

      <section aria-labelledby="leave-list-h">
        <h2 className="nhsuk-heading-m" id="leave-list-h">
          {canDecide ? 'All leave' : 'My leave'}
        </h2>
        <LeaveTable rows={canDecide ? requests : mine} nameOf={nameOf} showName={canDecide} me={me} />
      </section>

      <section aria-labelledby="leave-balances-h">
        <h2 className="nhsuk-heading-m" id="leave-balances-h">
          Annual leave balances
        </h2>
        {shownBalances.length === 0 ? (
          <p className="nhsuk-body">{loaded ? 'No balances to show.' : 'Loading…'}</p>
        ) : (
          <table className="nhsuk-table" data-testid="leave-balances">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Annual leave balances in days for the current leave year</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">Name</th>
                <th scope="col" className="nhsuk-table__header">Leave year</th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Entitlement</th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Carried over</th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Taken</th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Requested</th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Remaining</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {shownBalances.map((b) => (
                <tr key={b.staffId} className="nhsuk-table__row">
                  <th scope="row" className="nhsuk-table__cell">{b.displayName}</th>
                  <td className="nhsuk-table__cell">
                    {formatDayWithYear(b.leaveYear.start)} to {formatDayWithYear(b.leaveYear.end)}
                  </td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{b.entitlementDays}</td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{b.carriedOverDays}</td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{b.takenDays}</td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{b.pendingDays}</td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                    {b.remainingDays < 0 ? <strong className="spoke-text--error">{b.remainingDays}</strong> : b.remainingDays}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function LeaveTable({ rows, nameOf, showName, me }: { rows: readonly LeaveOut[]; nameOf: ReadonlyMap<string, string>; showName: boolean; me: string | null }) {
  const withdraw = useSpoke((s) => s.withdrawLeave);
  const canDecide = useSpoke(selectCanEditRota);
  if (rows.length === 0) return <p className="nhsuk-body">No leave recorded.</p>;
  const sorted = [...rows].sort((a, b) => (a.startDate < b.startDate ? 1 : -1));
  return (
    <table className="nhsuk-table" data-testid="leave-table">
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          {showName ? <th scope="col" className="nhsuk-table__header">Name</th> : null}
          <th scope="col" className="nhsuk-table__header">Type</th>
          <th scope="col" className="nhsuk-table__header">Dates</th>
          <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Days</th>
          <th scope="col" className="nhsuk-table__header">Status</th>
          <th scope="col" className="nhsuk-table__header">
            <span className="nhsuk-u-visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {sorted.slice(0, 300).map((l) => {
          const [colour, label] = STATUS_TAG[l.status];
          return (
            <tr key={l.id} className="nhsuk-table__row">
              {showName ? <td className="nhsuk-table__cell">{nameOf.get(l.staffId) ?? 'Unknown'}</td> : null}
              <td className="nhsuk-table__cell">{LEAVE_TYPE_LABELS[l.type]}</td>
              <td className="nhsuk-table__cell">{describeLeave(l)}</td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{l.days}</td>
              <td className="nhsuk-table__cell">
                <Tag colour={colour}>{label}</Tag>
                {l.overBalanceOverride ? <span className="nhsuk-body-s"> (approved over the balance)</span> : null}
              </td>
              <td className="nhsuk-table__cell">
                {l.status === 'requested' && (l.staffId === me || canDecide) ? (
                  <button type="button" className="spoke-link-button" onClick={() => void withdraw(l.id, l.updatedAt)}>
                    Withdraw<span className="nhsuk-u-visually-hidden"> the request for {describeLeave(l)}</span>
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function RequestForm() {
  const canDecide = useSpoke(selectCanEditRota);
  const me = useSpoke((s) => s.status?.profile?.staffId ?? '');
  const staff = useSpoke((s) => s.staff);
  const requestLeave = useSpoke((s) => s.requestLeave);
  const showBanner = useSpoke((s) => s.showBanner);
  const [staffId, setStaffId] = useState(me);
  const [type, setType] = useState<(typeof LEAVE_TYPES)[number]>('annual');
  const [startDate, setStartDate] = useState('');
  const [startHalf, setStartHalf] = useState<'am' | 'pm'>('am');
  const [endDate, setEndDate] = useState('');
  const [endHalf, setEndHalf] = useState<'am' | 'pm'>('pm');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormErrors<Field> | null>(null);
  const [busy, setBusy] = useState(false);
  const people = useMemo(() => staff.filter((s) => !s.archivedAt).sort((a, b) => a.familyName.localeCompare(b.familyName, 'en-GB')), [staff]);

  const submit = async () => {
    const local = formErrorsOf<Field>({
      startDate: startDate === '' ? 'Enter the first day of leave' : undefined,
      endDate: endDate === '' ? 'Enter the last day of leave' : endDate < startDate ? 'Leave must end on or after the day it starts' : undefined,
    });
    if (local) return setErrors(local);
    setBusy(true);
    try {
      const saved = await requestLeave({ staffId: canDecide ? staffId : me, type, startDate, startHalf, endDate, endHalf, note });
      setErrors(null);
      setStartDate('');
      setEndDate('');
      setNote('');
      showBanner({ kind: 'success', message: `Leave requested: ${describeLeave(saved)}, ${saved.days} ${saved.days === 1 ? 'day' : 'days'}.` });
    } catch (err) {
      setErrors(formErrorsFrom(err, fieldFor));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="leave-request-h" className="nhsuk-card">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-heading-m" id="leave-request-h">
          Request leave
        </h2>
        {errors ? <ErrorSummary errors={errors} targetId={(f) => `leave-${f}`} /> : null}
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <div className="spoke-form-row">
            {canDecide ? (
              <SelectField id="leave-staffId" label="Who" value={staffId} onChange={setStaffId} error={errors?.fields.staffId}>
                {people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.givenName} {p.familyName}
                    {p.id === me ? ' (you)' : ''}
                  </option>
                ))}
              </SelectField>
            ) : null}
            <SelectField id="leave-type" label="Type of leave" value={type} onChange={(v) => setType(LEAVE_TYPES.find((t) => t === v) ?? 'annual')} error={errors?.fields.type}>
              {LEAVE_TYPES.map((t) => (
                <option key={t} value={t}>
                  {LEAVE_TYPE_LABELS[t]}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="spoke-form-row">
            <TextField id="leave-startDate" label="First day" type="date" width="nhsuk-input--width-10" value={startDate} onChange={setStartDate} error={errors?.fields.startDate} />
            <SelectField id="leave-startHalf" label="From" value={startHalf} onChange={(v) => setStartHalf(v === 'pm' ? 'pm' : 'am')} error={errors?.fields.startHalf}>
              <option value="am">the morning (whole day)</option>
              <option value="pm">the afternoon</option>
            </SelectField>
            <TextField id="leave-endDate" label="Last day" type="date" width="nhsuk-input--width-10" value={endDate} onChange={setEndDate} error={errors?.fields.endDate} />
            <SelectField id="leave-endHalf" label="Until" value={endHalf} onChange={(v) => setEndHalf(v === 'am' ? 'am' : 'pm')} error={errors?.fields.endHalf}>
              <option value="pm">the end of the day</option>
              <option value="am">lunchtime (morning only)</option>
            </SelectField>
          </div>
          <TextField id="leave-note" label="Note (optional)" value={note} onChange={setNote} error={errors?.fields.note} width="nhsuk-input--width-30" />
          <button type="submit" className="nhsuk-button" disabled={busy}>
            Request leave
          </button>
        </form>
      </div>
    </section>
  );
}

/** One waiting request: what approving it does, then approve (optionally clearing its sessions) or decline. */
function Decision({ leave, name }: { leave: LeaveOut; name: string }) {
  const { leaveImpact, decideLeave } = useSpoke.getState();
  const [impact, setImpact] = useState<LeaveImpact | null>(null);
  const [clear, setClear] = useState(true);
  const [override, setOverride] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const snapshot = useSpoke((s) => s.rotaSnapshot);
  const dutyName = useMemo(() => new Map((snapshot?.duties ?? []).map((d) => [d.id, d.name])), [snapshot]);

  const review = async () => {
    setError(null);
    try {
      setImpact(await leaveImpact(leave.id));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const decide = async (decision: 'approve' | 'decline') => {
    setBusy(true);
    setError(null);
    try {
      await decideLeave({ id: leave.id, expectedUpdatedAt: leave.updatedAt, decision, clearAffected: decision === 'approve' && clear, overrideBalance: override });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <div className="nhsuk-card spoke-leave-decision" data-testid="leave-decision">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-heading-s">
          {name}: {LEAVE_TYPE_LABELS[leave.type]}, {describeLeave(leave)} ({leave.days} {leave.days === 1 ? 'day' : 'days'})
        </h3>
        {leave.note ? <p className="nhsuk-body-s">“{leave.note}”</p> : null}
        {error ? (
          <p className="nhsuk-error-message" role="alert">
            {error}
          </p>
        ) : null}
        {!impact ? (
          <button type="button" className="nhsuk-button nhsuk-button--secondary spoke-button--small" onClick={() => void review()}>
            Review<span className="nhsuk-u-visually-hidden"> {name}’s request</span>
          </button>
        ) : (
          <>
            {impact.balance ? (
              <p className="nhsuk-body-s">
                Annual leave: {impact.daysFromBalance} of {impact.balance.remainingDays} days remaining this leave year.
                {impact.overBalance ? <strong className="spoke-text--error"> This is more than the balance.</strong> : null}
              </p>
            ) : null}
            {impact.affected.length === 0 ? (
              <p className="nhsuk-body-s">No rota sessions are planned in these dates.</p>
            ) : (
              <>
                <p className="nhsuk-body-s">
                  {impact.affected.length} planned {impact.affected.length === 1 ? 'session falls' : 'sessions fall'} in this leave:
                </p>
                <ul className="nhsuk-list nhsuk-list--bullet nhsuk-body-s" data-testid="leave-affected">
                  {impact.affected.slice(0, 30).map((a) => (
                    <li key={a.id}>
                      {formatDayWithYear(a.date)} {ROTA_SESSION_LABELS[a.session]}: {dutyName.get(a.dutyId) ?? 'a duty'}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {impact.conflictsIfApproved.length ? (
              <div className="nhsuk-warning-callout">
                <h4 className="nhsuk-warning-callout__label">
                  <span role="text">
                    <span className="nhsuk-u-visually-hidden">Important: </span>Approving would cause
                  </span>
                </h4>
                <ul className="nhsuk-list nhsuk-body-s" data-testid="leave-conflicts">
                  {impact.conflictsIfApproved.slice(0, 20).map((c) => (
                    <li key={c.id}>{c.message}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
              {impact.affected.length ? (
                <div className="nhsuk-checkboxes__item">
                  <input className="nhsuk-checkboxes__input" id={`clear-${leave.id}`} type="checkbox" checked={clear} onChange={(e) => setClear(e.target.checked)} />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`clear-${leave.id}`}>
                    Also clear the {impact.affected.length} affected {impact.affected.length === 1 ? 'session' : 'sessions'} from the rota
                  </label>
                </div>
              ) : null}
              {impact.overBalance ? (
                <div className="nhsuk-checkboxes__item">
                  <input className="nhsuk-checkboxes__input" id={`override-${leave.id}`} type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`override-${leave.id}`}>
                    Approve beyond the balance (this is recorded)
                  </label>
                </div>
              ) : null}
            </div>
            <div className="spoke-inline">
              <button type="button" className="nhsuk-button spoke-button--small" disabled={busy} onClick={() => void decide('approve')}>
                Approve<span className="nhsuk-u-visually-hidden"> {name}’s leave</span>
              </button>
              <button type="button" className="nhsuk-button nhsuk-button--secondary spoke-button--small" disabled={busy} onClick={() => void decide('decline')}>
                Decline<span className="nhsuk-u-visually-hidden"> {name}’s leave</span>
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
