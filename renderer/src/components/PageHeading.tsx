import { useEffect, useRef, type ReactNode } from 'react';

// Set when a navigation wanted to focus the new page's h1 but the page had not rendered
// one yet (a page loaded on demand); the heading takes focus when it mounts.
let headingFocusPending = false;

/** Ask the next PageHeading to mount to take focus. */
export function focusHeadingWhenReady(): void {
  headingFocusPending = true;
}

/** The page's one h1, which also names the browser tab ("Staff – Spoke"). Focus lands here after navigation. */
export function PageHeading({ title, children, caption }: { title: string; children?: ReactNode; caption?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – Spoke`;
  }, [title]);
  useEffect(() => {
    if (headingFocusPending) {
      headingFocusPending = false;
      ref.current?.focus({ preventScroll: true });
    }
  }, []);
  return (
    <h1 className="nhsuk-heading-l spoke-page-heading" tabIndex={-1} ref={ref}>
      {caption ? <span className="nhsuk-caption-l">{caption}</span> : null}
      {children ?? title}
    </h1>
  );
}
