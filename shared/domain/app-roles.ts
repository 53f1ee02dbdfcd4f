/**
 * What a sign-in profile may do in Spoke (not the person's job role). Kept free of zod
 * so the UI can use the labels without bundling the schema library.
 */
export const APP_ROLES = ['practice_manager', 'clinical_lead', 'staff'] as const;
export type AppRole = (typeof APP_ROLES)[number];

export const APP_ROLE_LABELS: Record<AppRole, string> = {
  practice_manager: 'Practice manager',
  clinical_lead: 'Clinical lead',
  staff: 'Staff',
};
