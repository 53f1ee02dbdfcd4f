import { useMemo } from 'react';
import { useSpoke } from './index';
import { filterStaff, indexStaff, selectStaff, selectStaffFilter, type StaffDirectoryEntry } from '../features/staff/slice';

/** The staff directory as the filter shows it; recomputed only when staff, sites or filter change. */
export function useStaffDirectory(): { rows: StaffDirectoryEntry[]; total: number } {
  const staff = useSpoke(selectStaff);
  const sites = useSpoke((s) => s.status?.practice?.sites);
  const filter = useSpoke(selectStaffFilter);
  const roles = useSpoke((s) => s.catalogue.roles);
  const index = useMemo(() => indexStaff(staff, sites ?? [], roles), [staff, sites, roles]);
  return useMemo(() => filterStaff(index, filter), [index, filter]);
}
