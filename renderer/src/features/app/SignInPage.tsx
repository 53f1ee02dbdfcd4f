import { APP_ROLE_LABELS } from '../../../../shared/domain/app-roles';
import type { Profile } from '../../../../shared/contract/profiles';
import { PageHeading } from '../../components/PageHeading';
import { useSpoke } from '../../store';
import { selectPractice } from './slice';

const NO_PROFILES: Profile[] = [];

/** Local profiles, not passwords: whoever sits at the practice PC says who they are. */
export function SignInPage() {
  const profiles = useSpoke((s) => s.status?.profiles ?? NO_PROFILES);
  const practice = useSpoke(selectPractice);
  const signIn = useSpoke((s) => s.signIn);
  const signedOutNotice = useSpoke((s) => s.status?.signedOutNotice ?? null);
  return (
    <>
      <PageHeading title="Who is using Spoke?" />
      {signedOutNotice ? (
        <div className="nhsuk-inset-text" data-testid="signed-out-notice">
          <p>{signedOutNotice}</p>
        </div>
      ) : null}
      <p className="nhsuk-body-l">Choose your name to use {practice?.name ?? 'the practice'}&apos;s records.</p>
      <ul className="nhsuk-list spoke-profile-list">
        {profiles.map((p) => (
          <li key={p.id}>
            <button type="button" className="spoke-profile-button" onClick={() => void signIn(p.id)}>
              <span className="spoke-profile-button__name">{p.displayName}</span>
              <span className="spoke-profile-button__role">{p.roleLabel}</span>
              {APP_ROLE_LABELS[p.appRole] !== p.roleLabel ? (
                <span className="spoke-profile-button__role">Signs in as: {APP_ROLE_LABELS[p.appRole].toLowerCase()}</span>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
