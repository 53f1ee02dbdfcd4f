import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type MouseEvent } from 'react';
import { CATEGORY_LABELS, type RoleCategory } from '../../../../shared/domain/roles';
import { Checkbox } from '../../components/Choices';
import { PageHeading } from '../../components/PageHeading';
import { SelectField } from '../../components/SelectField';
import { Tag } from '../../components/Tag';
import { TextField } from '../../components/TextField';
import { formatContract, formatWte } from '../../format';
import { useSpoke } from '../../store';
import { useStaffDirectory } from '../../store/hooks';
import { selectCanManageStaff } from '../app/slice';
import { selectStaffFilter, selectStaffLoaded, type StaffDirectoryEntry } from './slice';

const CATEGORIES = Object.entries(CATEGORY_LABELS) as [RoleCategory, string][];
const ROW_HEIGHT_ESTIMATE = 57;
const COLUMNS = ['Name', 'Role', 'Contract', 'WTE', 'Sites', 'Registration'] as const;

/** The staff directory: filter as you type over a virtualised table that stays quick at 500+ people. */
export function StaffListPage() {
  const loadStaff = useSpoke((s) => s.loadStaff);
  const loaded = useSpoke(selectStaffLoaded);
  const filter = useSpoke(selectStaffFilter);
  const setFilter = useSpoke((s) => s.setStaffFilter);
  const canManage = useSpoke(selectCanManageStaff);
  const navigate = useSpoke((s) => s.navigate);
  const { rows, total } = useStaffDirectory();

  useEffect(() => {
    void loadStaff();
  }, [loadStaff]);

  return (
    <>
      <div className="spoke-title-row">
        <PageHeading title="Staff" />
        {canManage ? (
          <button type="button" className="nhsuk-button" onClick={() => navigate('/staff/new')}>
            Add staff member
          </button>
        ) : null}
      </div>
      {!canManage ? (
        <p className="nhsuk-body">You can look up staff here. Only a practice manager can add or change staff records.</p>
      ) : null}

      <div className="spoke-filters" role="search" aria-label="Filter staff">
        <TextField
          id="staff-search"
          label="Search staff"
          hint="Name, role or registration number"
          groupClassName="spoke-filters__search"
          spellCheck={false}
          value={filter.text}
          onChange={(text) => setFilter({ text })}
        />
        <SelectField
          id="staff-category"
          label="Role category"
          groupClassName="spoke-filters__category"
          value={filter.category}
          onChange={(category) => setFilter({ category: category as RoleCategory | 'all' })}
        >
          <option value="all">All role categories</option>
          {CATEGORIES.map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </SelectField>
        <div className="nhsuk-form-group spoke-filters__archived">
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
            <Checkbox id="staff-show-archived" checked={filter.showArchived} onChange={(showArchived) => setFilter({ showArchived })}>
              Show archived staff
            </Checkbox>
          </div>
        </div>
      </div>

      <p className="nhsuk-body spoke-count" role="status" data-testid="staff-count">
        {loaded ? `Showing ${rows.length} of ${total}` : 'Loading staff…'}
      </p>

      {loaded && total === 0 ? (
        <div className="nhsuk-inset-text">
          <p>No staff yet.{canManage ? ' Use “Add staff member” to add the first person.' : ''}</p>
        </div>
      ) : (
        <StaffTable rows={rows} onOpen={(id) => navigate(`/staff/${id}`)} />
      )}
    </>
  );
}

/**
 * ARIA table roles on divs, because only the rows in view (plus a few) are in the DOM;
 * aria-rowcount and aria-rowindex tell assistive technology where each row sits.
 */
export function StaffTable({ rows, onOpen }: { rows: readonly StaffDirectoryEntry[]; onOpen: (id: string) => void }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is meant to be used this way; its output is not memoised by the compiler
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_ESTIMATE,
    overscan: 8,
    getItemKey: (i) => rows[i]?.staff.id ?? i,
    initialRect: { width: 1000, height: 600 },
  });

  const openFromRow = (e: MouseEvent, id: string) => {
    // The name link navigates by itself; a click anywhere else on the row does the same.
    if ((e.target as Element).closest('a, button')) return;
    onOpen(id);
  };

  return (
    <>
      <div className="spoke-vtable" role="table" aria-label="Staff" aria-rowcount={rows.length + 1} ref={scrollRef}>
        <div role="rowgroup" className="spoke-vtable__head">
          <div role="row" aria-rowindex={1} className="spoke-vtable__row spoke-vtable__row--head">
            {COLUMNS.map((c) => (
              <div role="columnheader" key={c} className="spoke-vtable__cell">
                {c}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" className="spoke-vtable__body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((v) => {
            const entry = rows[v.index];
            if (!entry) return null;
            const s = entry.staff;
            const regulated = (entry.role?.bodies.length ?? 0) > 0;
            return (
              <div
                role="row"
                key={v.key}
                data-index={v.index}
                data-testid="staff-row"
                aria-rowindex={v.index + 2}
                ref={virtualizer.measureElement}
                className={`spoke-vtable__row${s.archivedAt ? ' spoke-vtable__row--archived' : ''}`}
                style={{ transform: `translateY(${v.start}px)` }}
                onClick={(e) => openFromRow(e, s.id)}
              >
                <div role="cell" className="spoke-vtable__cell">
                  <a href={`#/staff/${s.id}`} className="spoke-vtable__name">
                    {entry.name}
                  </a>
                  {s.archivedAt ? (
                    <>
                      {' '}
                      <Tag colour="grey">Archived</Tag>
                    </>
                  ) : null}
                </div>
                <div role="cell" className="spoke-vtable__cell">
                  {entry.roleLabel}
                  {entry.role?.arrs ? (
                    <>
                      {' '}
                      <Tag colour="green">ARRS</Tag>
                    </>
                  ) : null}
                </div>
                <div role="cell" className="spoke-vtable__cell">
                  {formatContract(s.contract)}
                </div>
                <div role="cell" className="spoke-vtable__cell spoke-vtable__cell--numeric">
                  {formatWte(s.wte)}
                </div>
                <div role="cell" className="spoke-vtable__cell">
                  {entry.siteNames}
                </div>
                <div role="cell" className="spoke-vtable__cell">
                  {s.professionalBody && s.registrationNumber ? (
                    `${s.professionalBody} ${s.registrationNumber}`
                  ) : regulated ? (
                    <Tag colour="orange">Registration missing</Tag>
                  ) : (
                    <span className="spoke-secondary">Not required</span>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="nhsuk-body spoke-vtable__empty">No staff match. Clear the search or choose another role category.</p>
      ) : null}
    </>
  );
}
