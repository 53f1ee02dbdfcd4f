import { APP_ROLE_LABELS } from '../../../shared/domain/app-roles';
import { NAV_ITEMS } from '../routes';
import { useSpoke } from '../store';
import { selectPractice, selectProfile } from '../features/app/slice';
import { selectRoute } from '../store/ui';
import { Tag } from './Tag';

/**
 * NHS.UK header: the service name, which practice this is and who is acting. The NHS
 * logo is left out on purpose: Spoke is a practice tool, not an NHS-branded service.
 */
export function Header() {
  const practice = useSpoke(selectPractice);
  const profile = useSpoke(selectProfile);
  const route = useSpoke(selectRoute);
  const switchProfile = useSpoke((s) => s.switchProfile);

  return (
    <header className="nhsuk-header spoke-header" role="banner">
      <div className="nhsuk-header__container nhsuk-width-container">
        <div className="nhsuk-header__service spoke-header__service">
          <a className="nhsuk-header__service-name spoke-header__name" href="#/">
            Spoke
          </a>
          {practice ? (
            <span className="spoke-header__practice">
              {practice.name} <span className="spoke-header__ods">ODS {practice.odsCode}</span>
            </span>
          ) : null}
          {practice?.isDemo ? (
            <Tag colour="yellow" className="spoke-header__demo">
              Demo data — fictional practice
            </Tag>
          ) : null}
        </div>
        {profile ? (
          <nav className="nhsuk-header__account" aria-label="Account">
            <ul className="nhsuk-header__account-list">
              <li className="nhsuk-header__account-item" data-testid="signed-in-as">
                Signed in as {profile.displayName} ({APP_ROLE_LABELS[profile.appRole]})
              </li>
              <li className="nhsuk-header__account-item">
                <button type="button" className="nhsuk-header__account-button" onClick={() => void switchProfile()}>
                  Switch profile
                </button>
              </li>
            </ul>
          </nav>
        ) : null}
      </div>
      {profile ? (
        <nav className="nhsuk-header__navigation" aria-label="Main">
          <div className="nhsuk-header__navigation-container nhsuk-width-container">
            <ul className="nhsuk-header__navigation-list">
              {NAV_ITEMS.map((item) => {
                const active = item.pages.includes(route.page);
                const exact = active && item.pages[0] === route.page;
                return (
                  <li
                    key={item.path}
                    className={`nhsuk-header__navigation-item${active ? ' nhsuk-header__navigation-item--current' : ''}`}
                  >
                    <a
                      className="nhsuk-header__navigation-link"
                      href={`#${item.path}`}
                      aria-current={exact ? 'page' : active ? 'true' : undefined}
                    >
                      {active ? <strong className="nhsuk-header__navigation-item-current-fallback">{item.label}</strong> : item.label}
                    </a>
                  </li>
                );
              })}
            </ul>
          </div>
        </nav>
      ) : null}
    </header>
  );
}
