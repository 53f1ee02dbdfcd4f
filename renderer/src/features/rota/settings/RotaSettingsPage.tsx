/**
 * #/rota/settings/<section>: what the rota is built from. A practice manager edits duties,
 * site session times, coverage rules, working patterns and the leave and working-time
 * settings; everyone else reads them. Every change goes through the core (validation,
 * audit, optimistic concurrency); errors appear next to their field.
 */
import type { ReactNode } from 'react';
import { PageHeading } from '../../../components/PageHeading';
import { ROTA_SETTINGS_SECTIONS, type RotaSettingsSection } from '../../../routes';
import { useSpoke } from '../../../store';
import { selectCanEditRota } from '../slice';
import { CoverageSection } from './CoverageSection';
import { DutiesSection } from './DutiesSection';
import { useRotaConfig } from './data';
import { LeaveAndHoursSection } from './LeaveAndHoursSection';
import { PatternsSection } from './PatternsSection';
import { SessionTimesSection } from './SessionTimesSection';

export const SECTION_LABELS: Record<RotaSettingsSection, string> = {
  duties: 'Duties',
  sessions: 'Session times',
  coverage: 'Coverage rules',
  patterns: 'Working patterns',
  'leave-and-hours': 'Leave and working time',
};

export function RotaSettingsPage({ section }: { section: RotaSettingsSection }) {
  const canEdit = useSpoke(selectCanEditRota);
  const { config, error, reload } = useRotaConfig();
  let body: ReactNode;
  if (error) body = <p className="nhsuk-body">Spoke could not load the rota settings: {error}</p>;
  else if (!config) body = <p className="nhsuk-body">Loading the rota settings…</p>;
  else {
    const props = { config, canEdit, reload };
    body =
      section === 'duties' ? (
        <DutiesSection {...props} />
      ) : section === 'sessions' ? (
        <SessionTimesSection {...props} />
      ) : section === 'coverage' ? (
        <CoverageSection {...props} />
      ) : section === 'patterns' ? (
        <PatternsSection {...props} />
      ) : (
        <LeaveAndHoursSection {...props} />
      );
  }
  return (
    <>
      <p className="nhsuk-body-s spoke-no-print">
        <a href="#/rota">‹ Back to the rota</a>
      </p>
      <PageHeading title={`Rota settings: ${SECTION_LABELS[section]}`} />
      {canEdit ? null : <p className="nhsuk-body">You can read these settings. Only a practice manager can change them.</p>}
      <nav className="spoke-subnav" aria-label="Rota settings">
        <ul className="spoke-subnav__list">
          {ROTA_SETTINGS_SECTIONS.map((s) => (
            <li key={s} className={`spoke-subnav__item${s === section ? ' spoke-subnav__item--current' : ''}`}>
              <a href={`#/rota/settings/${s}`} aria-current={s === section ? 'page' : undefined}>
                {SECTION_LABELS[s]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {body}
    </>
  );
}
