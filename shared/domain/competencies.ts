import { GP_ROLE_IDS, roleById, type RoleDefinition } from './roles';

/** A skill a duty may require, e.g. only a GP can be duty doctor. */
export interface Competency {
  id: string;
  label: string;
  /** Roles that may hold it; undefined = any role. */
  roles?: readonly string[];
  /** Held only by registered clinicians (any role with a professional body). */
  registeredOnly?: boolean;
}

export const COMPETENCIES: readonly Competency[] = [
  { id: 'duty_doctor', label: 'Duty doctor', roles: GP_ROLE_IDS },
  { id: 'telephone_triage', label: 'Telephone triage', registeredOnly: true },
  { id: 'home_visits', label: 'Home visits', registeredOnly: true },
  { id: 'independent_prescriber', label: 'Independent prescriber', registeredOnly: true },
  { id: 'cervical_screening', label: 'Cervical screening' , registeredOnly: true },
  { id: 'minor_surgery', label: 'Minor surgery', registeredOnly: true },
  { id: 'contraception_coils_implants', label: 'Coils and implants', registeredOnly: true },
  { id: 'childhood_immunisations', label: 'Childhood immunisations', registeredOnly: true },
  { id: 'travel_health', label: 'Travel health', registeredOnly: true },
  { id: 'long_term_conditions', label: 'Long-term condition reviews' },
  { id: 'phlebotomy', label: 'Phlebotomy' },
  { id: 'ecg', label: 'ECG' },
  { id: 'spirometry', label: 'Spirometry' },
  { id: 'chaperone', label: 'Chaperone' },
  { id: 'gp_trainer', label: 'GP trainer', roles: ['gp_partner', 'salaried_gp'] },
];

const byId = new Map(COMPETENCIES.map((c) => [c.id, c]));

export function competencyById(id: string): Competency | undefined {
  return byId.get(id);
}

/**
 * Why `roleId` may not hold competency `id`, or null when it may. `role` is the role's
 * definition in the catalogue in use (the built-in one when not given).
 */
export function competencyRefusal(id: string, roleId: string, role: Pick<RoleDefinition, 'label' | 'bodies'> | undefined = roleById(roleId)): string | null {
  const c = byId.get(id);
  if (!c) return `"${id}" is not a known competency`;
  if (!role) return null;
  if (c.roles && !c.roles.includes(roleId)) return `${c.label} cannot be held by a ${role.label.toLowerCase()}`;
  if (c.registeredOnly && role.bodies.length === 0) {
    return `${c.label} needs a registered clinician; a ${role.label.toLowerCase()} is not one`;
  }
  return null;
}
