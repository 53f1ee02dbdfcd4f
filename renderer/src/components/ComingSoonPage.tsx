import { PageHeading } from './PageHeading';

interface Area {
  title: string;
  summary: string;
  points: string[];
}

/** What each area not built yet will do: said plainly, with no made-up data standing in for it. */
export const COMING_SOON: Record<'rota' | 'leads' | 'protocols', Area> = {
  rota: {
    title: 'Rota',
    summary: 'One rota for the whole team: GPs, nurses, allied health professionals and admin staff, by session.',
    points: [
      'A grid of staff by day and morning or afternoon session, for one or four weeks, with filters by role and site.',
      'Cover rules per session, such as a duty doctor every session or a nurse each session, with gaps flagged.',
      'Leave, bank holidays, Working Time limits and the 11-hour rest rule checked as you plan.',
      'It will start from the usual working sessions already recorded on each staff record.',
    ],
  },
  leads: {
    title: 'Named leads',
    summary: 'The register of who leads what in the practice, with their deputies, as CQC expects to see.',
    points: [
      'Safeguarding (adults and children), infection prevention and control, information governance, Caldicott Guardian, SIRO, Data Protection Officer, complaints, health and safety, fire safety and Freedom to Speak Up.',
      'Tied to the rota, so a day when a lead and their deputy are both away is flagged.',
    ],
  },
  protocols: {
    title: 'Protocols',
    summary: 'Central clinical protocols adopted by the practice, alongside its own local protocols.',
    points: [
      'See what changed centrally since the practice adopted a protocol before adopting the new version.',
      'Keep local additions to a central protocol, and local protocols with review dates.',
      'Read and sign, asking staff to sign again only when a change is substantive.',
    ],
  },
};

/** An honest empty state for an area that is planned but not in this version. */
export function ComingSoonPage({ area }: { area: keyof typeof COMING_SOON }) {
  const a = COMING_SOON[area];
  return (
    <>
      <PageHeading title={a.title} />
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>{a.title} is not available in this version of Spoke yet.</p>
      </div>
      <p className="nhsuk-body-l">{a.summary}</p>
      <h2 className="nhsuk-heading-s">What it will do</h2>
      <ul className="nhsuk-list nhsuk-list--bullet">
        {a.points.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </>
  );
}

export function NotFoundPage({ path }: { path: string }) {
  return (
    <>
      <PageHeading title="Page not found" />
      <p className="nhsuk-body">
        There is no page at “{path}”. <a href="#/staff">Go to the staff list</a>.
      </p>
    </>
  );
}
