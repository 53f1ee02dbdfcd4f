import type { ProfessionalBody } from './roles';

/** ODS code of a GP practice: one letter and five digits, e.g. L81008. */
export const ODS_PRACTICE_CODE = /^[A-Z][0-9]{5}$/;

/** Registration number shapes, checked before a number is stored. */
export const REGISTRATION_FORMATS: Record<ProfessionalBody, { pattern: RegExp; example: string }> = {
  GMC: { pattern: /^[0-9]{7}$/, example: '7 digits, e.g. 1234567' },
  NMC: { pattern: /^[0-9]{2}[A-Z][0-9]{4}[A-Z]$/, example: 'e.g. 12A3456E' },
  HCPC: { pattern: /^[A-Z]{2}[0-9]{4,6}$/, example: 'two letters then digits, e.g. PA123456' },
  GPhC: { pattern: /^[0-9]{7}$/, example: '7 digits, e.g. 2071234' },
};

/** Normalise what people type: trim, upper case, drop inner spaces. */
export function normaliseCode(raw: string): string {
  return raw.trim().toUpperCase().replace(/\s+/g, '');
}
