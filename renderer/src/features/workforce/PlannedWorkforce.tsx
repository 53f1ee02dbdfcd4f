/**
 * The rota's side of the MDT view: sessions actually planned in a date range by role, as
 * WTE next to the contracted WTE, and patients per GP WTE and per clinical WTE from the
 * practice's list size. A chart (planned against contracted) and the table it is drawn from.
 */
import { useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { addDays, formatDayWithYear, isRealDate, mondayOf } from '../../../../shared/rota/dates';
import { Table } from '../../components/Table';
import { formatWte } from '../../format';
import { useSpoke } from '../../store';
import { todayIso } from '../rota/slice';

const fmtPatients = (n: number | null) => (n === null ? 'no WTE' : Math.round(n).toLocaleString('en-GB'));

export function PlannedWorkforce() {
  const plan = useSpoke((s) => s.workforcePlan);
  const load = useSpoke((s) => s.loadWorkforcePlan);
  const start = mondayOf(todayIso());
  const [from, setFrom] = useState(start);
  const [to, setTo] = useState(addDays(start, 27));
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void load(start, addDays(start, 27));
  }, [load, start]);

  const show = () => {
    if (!isRealDate(from) || !isRealDate(to)) return setError('Enter real dates, like 2026-12-01');
    if (to < from) return setError('The end date must be on or after the start date');
    setError(null);
    void load(from, to);
  };

  return (
    <section aria-labelledby="planned-h" className="spoke-planned">
      <h2 className="nhsuk-heading-m" id="planned-h">
        Planned on the rota against contracted
      </h2>
      <form
        className="spoke-form-row"
        onSubmit={(e) => {
          e.preventDefault();
          show();
        }}
      >
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="planned-from">
            From
          </label>
          <input id="planned-from" className="nhsuk-input spoke-input--date" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="planned-to">
            To
          </label>
          <input id="planned-to" className="nhsuk-input spoke-input--date" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="nhsuk-form-group">
          <button type="submit" className="nhsuk-button nhsuk-button--secondary spoke-button--small">
            Show
          </button>
        </div>
      </form>
      {error ? (
        <p className="nhsuk-error-message" role="alert">
          {error}
        </p>
      ) : null}
      {!plan ? (
        <p className="nhsuk-body">Loading the planned sessions…</p>
      ) : (
        <>
          <p className="nhsuk-body">
            {formatDayWithYear(plan.from)} to {formatDayWithYear(plan.to)} ({plan.weeks.toFixed(1)} weeks): {plan.totals.plannedSessions.toLocaleString('en-GB')} sessions planned, {formatWte(plan.totals.plannedWte)} WTE against {formatWte(plan.totals.contractedWte)} contracted.
          </p>
          <dl className="nhsuk-summary-list" data-testid="patients-per-wte">
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Patients per GP WTE</dt>
              <dd className="nhsuk-summary-list__value">
                {fmtPatients(plan.gp.patientsPerContractedWte)} contracted, {fmtPatients(plan.gp.patientsPerPlannedWte)} as planned ({plan.listSize.toLocaleString('en-GB')} patients)
              </dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Patients per clinical WTE</dt>
              <dd className="nhsuk-summary-list__value">
                {fmtPatients(plan.clinical.patientsPerContractedWte)} contracted, {fmtPatients(plan.clinical.patientsPerPlannedWte)} as planned
              </dd>
            </div>
          </dl>
          {plan.rows.length ? (
            <figure className="spoke-plan-chart">
              <figcaption className="nhsuk-body-s spoke-secondary">Chart of planned and contracted WTE by role. The table below gives the same figures.</figcaption>
              <div aria-hidden="true" className="spoke-plan-chart__canvas" style={{ height: plan.rows.length * 34 + 90 }}>
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={plan.rows.map((r) => ({ label: r.label, contracted: r.contractedWte, planned: r.plannedWte }))} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }} accessibilityLayer={false}>
                    <CartesianGrid horizontal={false} stroke="#d8dde0" />
                    <XAxis type="number" allowDecimals tick={{ fill: '#212b32', fontSize: 14 }} stroke="#4c6272" />
                    <YAxis type="category" dataKey="label" width={260} tick={{ fill: '#212b32', fontSize: 14 }} stroke="#4c6272" interval={0} />
                    <Legend verticalAlign="top" height={32} wrapperStyle={{ color: '#212b32' }} />
                    <Bar dataKey="contracted" name="Contracted WTE" fill="#005eb8" isAnimationActive={false} />
                    <Bar dataKey="planned" name="Planned WTE" fill="#7c2855" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            </figure>
          ) : null}
          <Table
            caption="Sessions planned on the rota, by role"
            testId="planned-table"
            columns={['Role', { label: 'Headcount', numeric: true }, { label: 'Contracted WTE', numeric: true }, { label: 'Sessions planned', numeric: true }, { label: 'Planned WTE', numeric: true }]}
          >
            {plan.rows.map((r) => (
              <tr className="nhsuk-table__row" key={r.roleId}>
                <th scope="row" className="nhsuk-table__header spoke-row-header">
                  {r.label}
                  {r.arrs && !r.label.includes('ARRS') ? ' (ARRS)' : ''}
                </th>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{r.headcount}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{formatWte(r.contractedWte)}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{r.plannedSessions}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{formatWte(r.plannedWte)}</td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </section>
  );
}
