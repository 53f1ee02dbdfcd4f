import type { ReactNode } from 'react';

/** An NHS.UK summary list: each row a key and its value, read-only. */
export function SummaryList({ rows }: { rows: readonly (readonly [key: string, value: ReactNode])[] }) {
  return (
    <dl className="nhsuk-summary-list">
      {rows.map(([k, v]) => (
        <div className="nhsuk-summary-list__row" key={k}>
          <dt className="nhsuk-summary-list__key">{k}</dt>
          <dd className="nhsuk-summary-list__value">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
