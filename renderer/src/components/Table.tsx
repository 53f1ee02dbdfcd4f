import type { ReactNode } from 'react';

export interface TableColumn {
  label: ReactNode;
  /** Right-aligned figures. */
  numeric?: boolean;
  /** Read by screen readers only, e.g. the header over a column of buttons. */
  hidden?: boolean;
}

/** The header over a column of per-row buttons: it has no visible words, but the column still needs a name. */
export const ACTIONS_COLUMN: TableColumn = { label: 'Actions', hidden: true };

/**
 * An NHS.UK table: caption, one header row, and the caller's body rows. A caption is
 * always there, as the table's accessible name, even when the heading above says it visibly.
 */
export function Table({
  caption,
  captionHidden = false,
  columns,
  testId,
  foot,
  children,
}: {
  caption: string;
  captionHidden?: boolean;
  columns: readonly (string | TableColumn)[];
  testId?: string;
  /** A <tfoot> (e.g. totals), placed after the body. */
  foot?: ReactNode;
  /** The body's <tr> rows. */
  children: ReactNode;
}) {
  return (
    <table className="nhsuk-table" data-testid={testId}>
      <caption className={`nhsuk-table__caption${captionHidden ? ' nhsuk-u-visually-hidden' : ''}`}>{caption}</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          {columns.map((c, i) => {
            const col = typeof c === 'string' ? { label: c } : c;
            return (
              <th key={i} scope="col" className={`nhsuk-table__header${col.numeric ? ' nhsuk-table__header--numeric' : ''}`}>
                {col.hidden ? <span className="nhsuk-u-visually-hidden">{col.label}</span> : col.label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">{children}</tbody>
      {foot}
    </table>
  );
}
