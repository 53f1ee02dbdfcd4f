import { lazy, Suspense, useEffect, useRef, type MouseEvent, type ReactNode } from 'react';
import { AttentionNotice, Banner, ReadOnlyBanner, StorageWarningBanner } from './components/Banner';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Header } from './components/Header';
import { focusHeadingWhenReady, PageHeading } from './components/PageHeading';
import { BootstrapPage } from './features/app/BootstrapPage';
import { NotFoundPage } from './components/NotFoundPage';
import { FirstRunPage } from './features/app/FirstRunPage';
import { SettingsPage } from './features/practice/SettingsPage';
import { SignInPage } from './features/app/SignInPage';
import { LeadsPage } from './features/leads/LeadsPage';
import { LeavePage } from './features/leave/LeavePage';
import { RotaPage } from './features/rota/RotaPage';
import { RotaSettingsPage } from './features/rota/settings/RotaSettingsPage';
import { StaffListPage } from './features/staff/StaffListPage';
import { StaffMemberPage, StaffNewPage } from './features/staff/StaffMemberPage';
import { SyncPage } from './features/sync/SyncPage';
import { ProtocolsPage } from './features/protocols/ProtocolsPage';
import { ProtocolPage } from './features/protocols/ProtocolPage';
import { EvidencePage, LocalProtocolEditor, PeoplePage } from './features/protocols/LocalProtocolPages';
import { routePath, type Route } from './routes';
import { useSpoke } from './store';
import { selectStatus } from './features/app/slice';
import { selectRoute } from './store/ui';

// The chart library is most of the bundle and only the MDT page uses it: load it on demand
// so the staff list, the screen people open first, paints sooner.
const MdtPage = lazy(() => import('./features/workforce/MdtPage').then((m) => ({ default: m.MdtPage })));

function pageFor(route: Route): ReactNode {
  switch (route.page) {
    case 'staff':
      return <StaffListPage />;
    case 'staffNew':
      return <StaffNewPage />;
    case 'staffMember':
      return <StaffMemberPage id={route.id} />;
    case 'mdt':
      return (
        <Suspense fallback={<p className="nhsuk-body">Loading the MDT workforce…</p>}>
          <MdtPage />
        </Suspense>
      );
    case 'settings':
      return <SettingsPage />;
    case 'rota':
      return <RotaPage />;
    case 'rotaSettings':
      return <RotaSettingsPage section={route.section} />;
    case 'leave':
      return <LeavePage />;
    case 'leads':
      return <LeadsPage />;
    case 'protocols':
      return <ProtocolsPage />;
    case 'protocol':
      return <ProtocolPage kind={route.kind} id={route.id} />;
    case 'protocolNew':
      return <LocalProtocolEditor id={null} />;
    case 'protocolEdit':
      return <LocalProtocolEditor id={route.id} />;
    case 'protocolEvidence':
      return <EvidencePage kind={route.kind} id={route.id} />;
    case 'protocolPeople':
      return <PeoplePage />;
    case 'sync':
      return <SyncPage />;
    case 'notFound':
      return <NotFoundPage path={route.path} />;
  }
}

/** Which screen to show: first run, first manager, who-are-you, or the app itself. */
function Screen() {
  const status = useSpoke(selectStatus);
  const statusError = useSpoke((s) => s.statusError);
  const route = useSpoke(selectRoute);
  const loadStatus = useSpoke((s) => s.loadStatus);

  if (!status) {
    if (statusError) {
      return (
        <>
          <PageHeading title="Spoke could not start" />
          <p className="nhsuk-body">{statusError}</p>
          <button type="button" className="nhsuk-button" onClick={() => void loadStatus()}>
            Try again
          </button>
        </>
      );
    }
    return <p className="nhsuk-body">Starting Spoke…</p>;
  }
  if (!status.practice) return <FirstRunPage />;
  if (status.profiles.length === 0) return <BootstrapPage />;
  if (!status.profile) return <SignInPage />;
  return pageFor(route);
}

/** The app frame: skip link, header, banner, and the current screen inside an error boundary. */
export function App() {
  const loadStatus = useSpoke((s) => s.loadStatus);
  const route = useSpoke(selectRoute);
  const navigationCount = useSpoke((s) => s.navigationCount);
  const screenKey = useSpoke((s) => (s.status ? `${s.status.practice?.id ?? 'none'}:${s.status.profile?.id ?? 'none'}` : 'loading'));
  const mainRef = useRef<HTMLElement>(null);
  const settled = useRef({ navigationCount, screenKey });

  useEffect(() => {
    void loadStatus();
  }, [loadStatus]);

  // After a navigation or a change of screen (signed in, switched profile), focus the new h1
  // so screen reader and keyboard users start at the top of the new page.
  useEffect(() => {
    const before = settled.current;
    settled.current = { navigationCount, screenKey };
    if (before.navigationCount === navigationCount && before.screenKey === screenKey) return;
    // The first screen after start-up keeps focus at the top of the document, so the
    // first Tab reaches the skip link as on any page load.
    if (screenKey === 'loading' || before.screenKey === 'loading') return;
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    if (heading) heading.focus({ preventScroll: true });
    else focusHeadingWhenReady();
    window.scrollTo({ top: 0 });
  }, [navigationCount, screenKey]);

  const skipToMain = (e: MouseEvent) => {
    // A plain #maincontent link would be read as a route by the hash router.
    e.preventDefault();
    mainRef.current?.focus();
  };

  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent" onClick={skipToMain}>
        Skip to main content
      </a>
      <Header />
      <div className="nhsuk-width-container spoke-width">
        <main className="nhsuk-main-wrapper spoke-main" id="maincontent" tabIndex={-1} ref={mainRef}>
          <ReadOnlyBanner />
          <StorageWarningBanner />
          <Banner />
          <AttentionNotice />
          <ErrorBoundary key={`${screenKey}|${routePath(route)}`}>
            <Screen />
          </ErrorBoundary>
        </main>
      </div>
      <footer className="spoke-footer" role="contentinfo">
        <div className="nhsuk-width-container spoke-width">
          <p className="nhsuk-body-s">Spoke keeps practice data on this computer. It works offline.</p>
        </div>
      </footer>
    </>
  );
}
