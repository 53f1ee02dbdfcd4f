import { useEffect, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { CATEGORY_LABELS, type RoleCategory } from '../../../../shared/domain/roles';
import type { ModelComparison, WorkforceRow } from '../../../../shared/contract/workforce';
import { PageHeading } from '../../components/PageHeading';
import { Table } from '../../components/Table';
import { Tag } from '../../components/Tag';
import { formatDate, formatWte } from '../../format';
import { useSpoke } from '../../store';
import { selectWorkforce } from './slice';

/** NHS blue for core roles, NHS dark green for ARRS: both pass 4.5:1 on white and differ in hue and name. */
export const CORE_COLOUR = '#005eb8';
export const ARRS_COLOUR = '#007f3b';

const ROW_HEIGHT = 30;

function categoryLabel(category: string): string {
  return category in CATEGORY_LABELS ? CATEGORY_LABELS[category as RoleCategory] : category;
}

/** A role's name on the chart says ARRS in words, so the split never depends on colour. */
function chartLabel(r: WorkforceRow): string {
  return r.arrs && !r.label.includes('ARRS') ? `${r.label} (ARRS)` : r.label;
}

const TARGET_COLOUR = '#768692';

/** WTE per 10,000 patients beside the hub's model: a chart and the table it is drawn from. */
function ModelSection({ model }: { model: ModelComparison }) {
  const data = model.rows.map((r) => ({ label: r.label, practice: r.actualPer10k, model: r.targetPer10k }));
  return (
    <section aria-labelledby="model-heading" data-testid="mdt-model">
      <h2 className="nhsuk-heading-m" id="model-heading">
        Against the hub’s workforce model
      </h2>
      <p className="nhsuk-body">
        WTE per 10,000 registered patients, for a list of {model.listSize.toLocaleString('en-GB')} patients
        {model.release !== null ? `, from hub release ${model.release}` : ''}. The gap is in WTE for a practice this size; a negative gap is a shortfall.
      </p>
      <figure className="spoke-chart">
        <figcaption className="nhsuk-body-s spoke-secondary">Chart of the practice’s WTE per 10,000 patients and the model’s. The table below gives the same figures.</figcaption>
        <div aria-hidden="true" className="spoke-chart__canvas" style={{ height: data.length * ROW_HEIGHT * 1.4 + 90 }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }} accessibilityLayer={false}>
              <CartesianGrid horizontal={false} stroke="#d8dde0" />
              <XAxis type="number" allowDecimals tick={{ fill: '#212b32', fontSize: 14 }} stroke="#4c6272" />
              <YAxis type="category" dataKey="label" width={260} tick={{ fill: '#212b32', fontSize: 14 }} stroke="#4c6272" interval={0} />
              <Legend verticalAlign="top" height={32} wrapperStyle={{ color: '#212b32' }} />
              <Bar dataKey="practice" name="This practice" fill={CORE_COLOUR} isAnimationActive={false} />
              <Bar dataKey="model" name="Hub model" fill={TARGET_COLOUR} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <Table
        caption="WTE per 10,000 patients against the hub’s model"
        testId="mdt-model-table"
        columns={['Role', { label: 'Practice per 10,000', numeric: true }, { label: 'Model per 10,000', numeric: true }, { label: 'Practice WTE', numeric: true }, { label: 'Model WTE', numeric: true }, { label: 'Gap (WTE)', numeric: true }]}
      >
        {model.rows.map((r) => (
          <tr className="nhsuk-table__row" key={r.roleId}>
            <th scope="row" className="nhsuk-table__header spoke-row-header">{r.label}</th>
            <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{formatWte(r.actualPer10k)}</td>
            <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{formatWte(r.targetPer10k)}</td>
            <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{formatWte(r.actualWte)}</td>
            <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{formatWte(r.targetWte)}</td>
            <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
              {r.gapWte > 0 ? '+' : ''}
              {formatWte(r.gapWte)}
              {r.gapWte < 0 ? <span className="nhsuk-u-visually-hidden"> (shortfall)</span> : null}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

/** #/mdt: headcount and whole-time equivalent by MDT role, as a chart and as the table it is drawn from. */
export function MdtPage() {
  const workforce = useSpoke(selectWorkforce);
  const loadWorkforce = useSpoke((s) => s.loadWorkforce);

  useEffect(() => {
    void loadWorkforce();
  }, [loadWorkforce]);

  const chartData = useMemo(
    () =>
      (workforce?.rows ?? []).map((r) => ({
        label: chartLabel(r),
        core: r.arrs ? null : r.wte,
        arrs: r.arrs ? r.wte : null,
      })),
    [workforce],
  );

  return (
    <>
      <PageHeading title="MDT workforce" />
      <p className="nhsuk-body-l">
        Whole-time equivalent (WTE) by role for staff in post
        {workforce ? ` on ${formatDate(workforce.asOf)}` : ''}. 37.5 hours or 9 sessions a week is 1 WTE.
      </p>
      {!workforce ? (
        <p className="nhsuk-body">Loading the workforce figures…</p>
      ) : workforce.rows.length === 0 ? (
        <div className="nhsuk-inset-text">
          <p>No staff in post yet. Add staff to see the workforce by role.</p>
        </div>
      ) : (
        <>
          <figure className="spoke-chart">
            <figcaption className="nhsuk-body-s spoke-secondary">
              Chart of WTE by role. The table below gives the same figures.
            </figcaption>
            <div aria-hidden="true" className="spoke-chart__canvas" style={{ height: chartData.length * ROW_HEIGHT + 90 }}>
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={chartData} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }} accessibilityLayer={false}>
                  <CartesianGrid horizontal={false} stroke="#d8dde0" />
                  <XAxis type="number" allowDecimals tick={{ fill: '#212b32', fontSize: 14 }} stroke="#4c6272" />
                  <YAxis type="category" dataKey="label" width={260} tick={{ fill: '#212b32', fontSize: 14 }} stroke="#4c6272" interval={0} />
                  <Legend verticalAlign="top" height={32} wrapperStyle={{ color: '#212b32' }} />
                  <Bar dataKey="core" name="Core roles" stackId="wte" fill={CORE_COLOUR} isAnimationActive={false} />
                  <Bar dataKey="arrs" name="ARRS roles" stackId="wte" fill={ARRS_COLOUR} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </figure>

          <Table
            caption="WTE by role"
            testId="mdt-table"
            columns={['Role', 'Category', 'ARRS', { label: 'Headcount', numeric: true }, { label: 'WTE', numeric: true }]}
            foot={
              <tfoot className="spoke-totals">
                <tr className="nhsuk-table__row">
                  <th scope="row" className="nhsuk-table__header" colSpan={3}>Total</th>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{workforce.totals.headcount}</td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric" data-testid="total-wte">{formatWte(workforce.totals.wte)}</td>
                </tr>
                <tr className="nhsuk-table__row">
                  <th scope="row" className="nhsuk-table__header" colSpan={4}>Core roles WTE</th>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{formatWte(workforce.totals.coreWte)}</td>
                </tr>
                <tr className="nhsuk-table__row">
                  <th scope="row" className="nhsuk-table__header" colSpan={4}>ARRS roles WTE</th>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{formatWte(workforce.totals.arrsWte)}</td>
                </tr>
              </tfoot>
            }
          >
            {workforce.rows.map((r) => (
              <tr className="nhsuk-table__row" key={r.roleId}>
                <th scope="row" className="nhsuk-table__header spoke-row-header">{r.label}</th>
                <td className="nhsuk-table__cell">{categoryLabel(r.category)}</td>
                <td className="nhsuk-table__cell">{r.arrs ? <Tag colour="green">Yes</Tag> : 'No'}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{r.headcount}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{formatWte(r.wte)}</td>
              </tr>
            ))}
          </Table>
        </>
      )}
      {workforce?.model ? (
        <ModelSection model={workforce.model} />
      ) : workforce ? (
        <div className="nhsuk-inset-text">
          <p>Sync with your hub to compare the practice with the group’s workforce model.</p>
        </div>
      ) : null}
    </>
  );
}
