import type { AppRole } from '../../../../shared/contract/common';
import type { UsualSession } from '../../../../shared/contract/staff';
import { WEEKDAYS, type Weekday } from '../../../../shared/domain/workforce';
import type { StaffRecord } from '../staff/repo';

/**
 * The demo practice. Everything here is fictional: the surgery, its ODS-style code
 * (Z prefix, not issued to GP practices), every name and every registration number
 * (9-prefixed, well clear of real ranges). It exists so people can try Spoke safely.
 */
export interface DemoPerson {
  record: Omit<StaffRecord, 'siteIds'>;
  /** Indexes into the demo practice's sites. */
  sites: number[];
  appRole?: AppRole;
}

const weekdays = WEEKDAYS.filter((d) => d !== 'sat');

function pattern(days: readonly Weekday[], periods: readonly ('am' | 'pm')[] = ['am', 'pm']): UsualSession[] {
  return days.flatMap((day) => periods.map((period) => ({ day, period })));
}

export function buildDemoPractice(today: string): { practice: { name: string; odsCode: string; listSize: number; sites: { name: string }[] }; staff: DemoPerson[] } {
  const year = Number(today.slice(0, 4));
  const started = (yearsAgo: number, mmdd = '09-01') => `${year - yearsAgo}-${mmdd}`;
  type Spec = [string, string, string, 'sessions' | 'hours', number, UsualSession[], number[], Partial<StaffRecord>?, AppRole?];
  const s: Spec[] = [
    ['Amara', 'Okafor', 'gp_partner', 'sessions', 8, pattern(['mon', 'tue', 'wed', 'thu']), [0], { professionalBody: 'GMC', registrationNumber: '9900101', competencies: ['duty_doctor', 'minor_surgery', 'independent_prescriber', 'gp_trainer'], startDate: started(14) }, 'clinical_lead'],
    ['Rhys', 'Pemberton', 'gp_partner', 'sessions', 7, [...pattern(['mon', 'tue', 'thu']), ...pattern(['fri'], ['am'])], [0, 1], { professionalBody: 'GMC', registrationNumber: '9900102', competencies: ['duty_doctor', 'independent_prescriber', 'contraception_coils_implants'], startDate: started(11) }],
    ['Helena', 'Voss', 'salaried_gp', 'sessions', 6, pattern(['tue', 'wed', 'fri']), [0], { professionalBody: 'GMC', registrationNumber: '9900103', competencies: ['duty_doctor', 'independent_prescriber'], startDate: started(4) }],
    ['Tomasz', 'Wierzbicki', 'salaried_gp', 'sessions', 4, pattern(['mon', 'thu']), [1], { professionalBody: 'GMC', registrationNumber: '9900104', competencies: ['duty_doctor', 'independent_prescriber'], startDate: started(2) }],
    ['Priya', 'Raman', 'gp_registrar', 'sessions', 9, [...pattern(['mon', 'tue', 'wed', 'thu']), ...pattern(['fri'], ['am'])], [0], { professionalBody: 'GMC', registrationNumber: '9900105', competencies: ['independent_prescriber'], startDate: `${year}-08-06` <= today ? `${year}-08-06` : `${year - 1}-08-06` }],
    ['Fenella', 'Marsh', 'newly_qualified_gp', 'sessions', 6, pattern(['mon', 'wed', 'fri']), [1], { professionalBody: 'GMC', registrationNumber: '9900106', competencies: ['duty_doctor', 'independent_prescriber'], startDate: started(1) }],
    ['Grace', 'Adeyemi', 'practice_nurse', 'hours', 30, pattern(['mon', 'tue', 'wed', 'thu']), [0], { professionalBody: 'NMC', registrationNumber: '99Z0001D', competencies: ['cervical_screening', 'childhood_immunisations', 'travel_health', 'long_term_conditions'], startDate: started(9) }],
    ['Owen', 'Prys', 'practice_nurse', 'hours', 22.5, pattern(['wed', 'thu', 'fri']), [1], { professionalBody: 'NMC', registrationNumber: '99Z0002E', competencies: ['cervical_screening', 'long_term_conditions', 'spirometry'], startDate: started(3) }],
    ['Beatrix', 'Hallam', 'advanced_nurse_practitioner', 'hours', 37.5, pattern(weekdays), [0, 1], { professionalBody: 'NMC', registrationNumber: '99Z0003F', competencies: ['independent_prescriber', 'telephone_triage', 'home_visits', 'minor_surgery'], startDate: started(6) }],
    ['Kofi', 'Mensah', 'healthcare_assistant', 'hours', 37.5, pattern(weekdays), [0], { competencies: ['phlebotomy', 'ecg', 'chaperone'], startDate: started(5) }],
    ['Lily', 'Thorne', 'healthcare_assistant', 'hours', 20, pattern(['mon', 'tue', 'wed', 'thu', 'fri'], ['am']), [1], { competencies: ['phlebotomy', 'ecg'], startDate: started(2) }],
    ['Idris', 'Kaya', 'clinical_pharmacist', 'hours', 37.5, pattern(weekdays), [0, 1], { professionalBody: 'GPhC', registrationNumber: '9900201', competencies: ['independent_prescriber', 'long_term_conditions'], startDate: started(3) }],
    ['Nadia', 'Fairbairn', 'pharmacy_technician', 'hours', 22.5, pattern(['mon', 'tue', 'wed']), [0], { professionalBody: 'GPhC', registrationNumber: '9900202', startDate: started(1) }],
    ['Callum', 'Reid', 'paramedic', 'hours', 37.5, pattern(weekdays), [0, 1], { professionalBody: 'HCPC', registrationNumber: 'PA990001', competencies: ['home_visits', 'telephone_triage', 'independent_prescriber'], startDate: started(2) }],
    ['Sofia', 'Lindqvist', 'first_contact_physiotherapist', 'hours', 15, pattern(['tue', 'thu']), [0], { professionalBody: 'HCPC', registrationNumber: 'PH990002', startDate: started(2) }],
    ['Jamal', 'Whitaker', 'social_prescribing_link_worker', 'hours', 30, pattern(['mon', 'tue', 'wed', 'thu']), [0, 1], { startDate: started(2) }],
    ['Elin', 'Baptiste', 'health_wellbeing_coach', 'hours', 22.5, pattern(['wed', 'thu', 'fri']), [0], { startDate: started(1) }],
    ['Harriet', 'Cole', 'care_coordinator', 'hours', 37.5, pattern(weekdays), [0], { startDate: started(2) }],
    ['Ravi', 'Chandran', 'mental_health_practitioner', 'hours', 18.75, pattern(['mon', 'wed']), [0], { professionalBody: 'NMC', registrationNumber: '99Z0004G', startDate: started(1) }],
    ['Samira', 'Holt', 'practice_manager', 'hours', 37.5, [], [0, 1], { startDate: started(7), email: 'samira.holt@spokeford.example' }, 'practice_manager'],
    ['Deborah', 'Quinn', 'receptionist', 'hours', 37.5, pattern(weekdays), [0], { startDate: started(12) }],
    ['Marcus', 'Ebo', 'receptionist', 'hours', 30, pattern(['mon', 'tue', 'thu', 'fri']), [0], { startDate: started(3) }],
    ['Chloe', 'Danvers', 'receptionist', 'hours', 25, pattern(['mon', 'tue', 'wed', 'thu', 'fri'], ['am']), [1], { startDate: started(1) }, 'staff'],
    ['Wendy', 'Ashdown', 'receptionist', 'hours', 20, pattern(['wed', 'thu', 'fri'], ['pm']), [1], { startDate: started(6) }],
    ['Yusuf', 'Harlow', 'administrator', 'hours', 37.5, pattern(weekdays), [0], { startDate: started(4) }],
    ['Imogen', 'Petrakis', 'secretary', 'hours', 30, pattern(['mon', 'tue', 'wed', 'thu']), [0], { startDate: started(8) }],
  ];
  const staff: DemoPerson[] = s.map(([givenName, familyName, roleId, kind, amount, usualSessions, sites, extra, appRole]) => ({
    record: {
      givenName,
      familyName,
      roleId,
      contract: { kind, amount },
      usualSessions,
      professionalBody: extra?.professionalBody ?? null,
      registrationNumber: extra?.registrationNumber ?? null,
      startDate: extra?.startDate ?? started(1),
      endDate: null,
      competencies: extra?.competencies ?? [],
      email: extra?.email ?? null,
    },
    sites,
    ...(appRole ? { appRole } : {}),
  }));
  return {
    practice: {
      name: 'Spokeford Medical Practice (demo)',
      odsCode: 'Z99001',
      listSize: 14_250,
      sites: [{ name: 'Spokeford Surgery' }, { name: 'Little Hubley Branch Surgery' }],
    },
    staff,
  };
}
