import { useEffect, type ReactNode } from 'react';

/** The page's one h1, which also names the browser tab ("Staff – Spoke"). Focus lands here after navigation. */
export function PageHeading({ title, children, caption }: { title: string; children?: ReactNode; caption?: string }) {
  useEffect(() => {
    document.title = `${title} – Spoke`;
  }, [title]);
  return (
    <h1 className="nhsuk-heading-l spoke-page-heading" tabIndex={-1}>
      {caption ? <span className="nhsuk-caption-l">{caption}</span> : null}
      {children ?? title}
    </h1>
  );
}
