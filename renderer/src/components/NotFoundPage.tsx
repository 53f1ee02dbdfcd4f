import { PageHeading } from './PageHeading';

/** An address inside the app that is no page (an old bookmark, a typo). */
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
