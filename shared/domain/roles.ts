/**
 * The MDT role catalogue: core general-practice roles and the Additional Roles
 * Reimbursement Scheme (ARRS) roles. Today it ships with the app; the roadmap moves it
 * to a signed hub release, so every consumer reads it through `roleById`/`ROLES`
 * rather than hard-coding role names.
 */

export type RoleCategory = 'gp' | 'nursing' | 'allied' | 'pharmacy' | 'wellbeing' | 'admin';
export type ProfessionalBody = 'GMC' | 'NMC' | 'HCPC' | 'GPhC';

export interface RoleDefinition {
  id: string;
  label: string;
  category: RoleCategory;
  /** Funded through ARRS (the PCN's Additional Roles Reimbursement Scheme). */
  arrs: boolean;
  /** Regulators a person in this role may be registered with; empty = not regulated. */
  bodies: readonly ProfessionalBody[];
  /** Contracts are usually counted in sessions (GPs) rather than hours. */
  usuallySessions: boolean;
}

export const CATEGORY_LABELS: Record<RoleCategory, string> = {
  gp: 'GPs and doctors',
  nursing: 'Nursing',
  allied: 'Allied health and direct patient care',
  pharmacy: 'Pharmacy',
  wellbeing: 'Personalised care',
  admin: 'Management and admin',
};

const role = (
  id: string,
  label: string,
  category: RoleCategory,
  arrs: boolean,
  bodies: readonly ProfessionalBody[],
  usuallySessions = false,
): RoleDefinition => ({ id, label, category, arrs, bodies, usuallySessions });

export const ROLES: readonly RoleDefinition[] = [
  role('gp_partner', 'GP partner', 'gp', false, ['GMC'], true),
  role('salaried_gp', 'Salaried GP', 'gp', false, ['GMC'], true),
  role('gp_registrar', 'GP registrar', 'gp', false, ['GMC'], true),
  role('locum_gp', 'Locum GP', 'gp', false, ['GMC'], true),
  role('newly_qualified_gp', 'Newly qualified GP (ARRS)', 'gp', true, ['GMC'], true),
  role('physician_associate', 'Physician associate', 'gp', true, ['GMC']),
  role('practice_nurse', 'Practice nurse', 'nursing', false, ['NMC']),
  role('arrs_practice_nurse', 'Practice nurse (ARRS)', 'nursing', true, ['NMC']),
  role('advanced_nurse_practitioner', 'Advanced nurse practitioner', 'nursing', false, ['NMC']),
  role('nursing_associate', 'Nursing associate', 'nursing', true, ['NMC']),
  role('trainee_nursing_associate', 'Trainee nursing associate', 'nursing', true, []),
  role('healthcare_assistant', 'Healthcare assistant', 'nursing', false, []),
  role('phlebotomist', 'Phlebotomist', 'nursing', false, []),
  role('advanced_clinical_practitioner', 'Advanced clinical practitioner', 'allied', true, ['NMC', 'HCPC', 'GPhC']),
  role('paramedic', 'Paramedic', 'allied', true, ['HCPC']),
  role('first_contact_physiotherapist', 'First contact physiotherapist', 'allied', true, ['HCPC']),
  role('dietitian', 'Dietitian', 'allied', true, ['HCPC']),
  role('podiatrist', 'Podiatrist', 'allied', true, ['HCPC']),
  role('occupational_therapist', 'Occupational therapist', 'allied', true, ['HCPC']),
  role('mental_health_practitioner', 'Mental health practitioner', 'allied', true, ['NMC', 'HCPC']),
  role('clinical_pharmacist', 'Clinical pharmacist', 'pharmacy', true, ['GPhC']),
  role('pharmacy_technician', 'Pharmacy technician', 'pharmacy', true, ['GPhC']),
  role('social_prescribing_link_worker', 'Social prescribing link worker', 'wellbeing', true, []),
  role('health_wellbeing_coach', 'Health and wellbeing coach', 'wellbeing', true, []),
  role('care_coordinator', 'Care coordinator', 'wellbeing', true, []),
  role('practice_manager', 'Practice manager', 'admin', false, []),
  role('receptionist', 'Receptionist / care navigator', 'admin', false, []),
  role('administrator', 'Administrator', 'admin', false, []),
  role('secretary', 'Medical secretary', 'admin', false, []),
];

const byId = new Map(ROLES.map((r) => [r.id, r]));

export function roleById(id: string): RoleDefinition | undefined {
  return byId.get(id);
}

export const ROLE_IDS = ROLES.map((r) => r.id) as [string, ...string[]];

export const GP_ROLE_IDS: readonly string[] = ['gp_partner', 'salaried_gp', 'gp_registrar', 'locum_gp', 'newly_qualified_gp'];
