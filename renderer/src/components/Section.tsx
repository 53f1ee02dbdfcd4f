import type { ReactNode } from 'react';

/** A page section under an h2 that names it (aria-labelledby), so it is a landmark screen readers can jump to. */
export function Section({ headingId, title, children }: { headingId: string; title: ReactNode; children: ReactNode }) {
  return (
    <section className="spoke-section" aria-labelledby={headingId}>
      <h2 className="nhsuk-heading-m" id={headingId}>
        {title}
      </h2>
      {children}
    </section>
  );
}
