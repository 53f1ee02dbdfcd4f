import { useEffect, useState } from 'react';
import type { InboxItem, SignTask } from '../../../../shared/contract/protocols';
import { PageHeading } from '../../components/PageHeading';
import { Table } from '../../components/Table';
import { Tag, type TagColour } from '../../components/Tag';
import { formatDate } from '../../format';
import { useSpoke } from '../../store';
import { selectAppRole } from '../app/slice';
import { selectProtocolInbox } from './slice';

export const STATE_TAG: Record<InboxItem['state'], { colour: TagColour; text: string }> = {
  new: { colour: 'blue', text: 'New' },
  update_available: { colour: 'yellow', text: 'Update available' },
  overdue: { colour: 'red', text: 'Overdue' },
  declined: { colour: 'grey', text: 'Declined' },
  adopted: { colour: 'green', text: 'Adopted' },
  review_due: { colour: 'orange', text: 'Review due' },
  review_overdue: { colour: 'red', text: 'Review overdue' },
};

/** Rows drawn before "Show all": the inbox opens at once however many central items the hub sends. */
const FIRST_ROWS = 50;

function describe(i: InboxItem): string {
  const kind = i.changeKind === 'minor' ? 'minor change' : 'substantive change';
  const eff = i.effective ? `, effective ${formatDate(i.effective)}` : '';
  if (i.state === 'update_available' || (i.state === 'overdue' && i.adoptedVersion !== null)) {
    return `Update available: version ${i.offeredVersion} (adopted ${i.adoptedVersion ?? '–'}), ${kind}${eff}`;
  }
  if (i.state === 'new' || i.state === 'overdue') return `Version ${i.offeredVersion}${eff}${i.mandatory ? ', mandatory' : ', optional'}`;
  if (i.state === 'declined') return `Declined at version ${i.offeredVersion}`;
  return `Version ${i.adoptedVersion ?? i.offeredVersion} in force${i.review ? `, review ${formatDate(i.review)}` : ''}`;
}

function CentralTable({ caption, items, testId }: { caption: string; items: readonly InboxItem[]; testId: string }) {
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, FIRST_ROWS);
  return (
    <>
      <Table caption={caption} columns={['Protocol', 'Where it stands', 'State', 'Signed']} testId={testId}>
        {shown.map((i) => (
          <tr key={i.id} className="nhsuk-table__row" data-id={i.id}>
            <td className="nhsuk-table__cell">
              <a href={`#/protocols/central/${encodeURIComponent(i.id)}`}>{i.title}</a>
              <span className="nhsuk-body-s spoke-block">{i.category}</span>
            </td>
            <td className="nhsuk-table__cell">{describe(i)}</td>
            <td className="nhsuk-table__cell">
              <Tag colour={STATE_TAG[i.state].colour}>{STATE_TAG[i.state].text}</Tag>
            </td>
            <td className="nhsuk-table__cell">{i.adoptedVersion === null ? '–' : `${i.signed} of ${i.signed + i.toSign}`}</td>
          </tr>
        ))}
      </Table>
      {items.length > shown.length && (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setAll(true)}>
          Show all {items.length}
        </button>
      )}
    </>
  );
}

function SignList({ tasks }: { tasks: readonly SignTask[] }) {
  if (tasks.length === 0) return <p className="nhsuk-body">Nothing to read and sign. You are up to date.</p>;
  return (
    <ul className="nhsuk-list nhsuk-list--bullet" data-testid="to-sign">
      {tasks.map((t) => (
        <li key={`${t.kind}:${t.id}`}>
          <a href={`#/protocols/${t.kind}/${encodeURIComponent(t.id)}`}>{t.title}</a> – version {t.version}
          {t.addendumVersion !== null ? ` with local addendum version ${t.addendumVersion}` : ''}
          {t.again ? ' (changed since you signed: sign again)' : ''}
        </li>
      ))}
    </ul>
  );
}

/** #/protocols: the inbox. */
export function ProtocolsPage() {
  const inbox = useSpoke(selectProtocolInbox);
  const load = useSpoke((s) => s.loadProtocolInbox);
  const role = useSpoke(selectAppRole);
  const navigate = useSpoke((s) => s.navigate);
  useEffect(() => {
    void load();
  }, [load]);
  if (!inbox) return <PageHeading title="Protocols" />;
  const governance = role === 'practice_manager' || role === 'clinical_lead';
  const decide = inbox.central.filter((i) => i.state === 'new' || i.state === 'update_available' || i.state === 'overdue');
  const overdue = decide.filter((i) => i.state === 'overdue');
  const review = inbox.central.filter((i) => i.state === 'review_due' || i.state === 'review_overdue');
  const rest = inbox.central.filter((i) => i.state === 'adopted' || i.state === 'declined');
  const localDue = inbox.local.filter((l) => l.state !== 'adopted');
  return (
    <>
      <PageHeading title="Protocols" />
      <p className="nhsuk-body-l">Central protocols from your hub, adopted on the practice’s terms, and the practice’s own local protocols.</p>
      <h2 id="to-sign-heading">To read and sign</h2>
      <SignList tasks={inbox.toSign} />
      {governance && (
        <>
          <h2>Needs a decision</h2>
          {overdue.length > 0 && (
            <div className="nhsuk-warning-callout" data-testid="overdue-callout">
              <h3 className="nhsuk-warning-callout__label">
                <span role="text">
                  <span className="nhsuk-u-visually-hidden">Important: </span>
                  {overdue.length} mandatory protocol{overdue.length === 1 ? ' is' : 's are'} overdue
                </span>
              </h3>
              <p>Their effective date has passed and the practice has not adopted the version in force centrally.</p>
            </div>
          )}
          {decide.length === 0 ? (
            <p className="nhsuk-body">No new or changed central protocols. Sync with the hub to check for more.</p>
          ) : (
            <CentralTable caption="New, changed and overdue central protocols" items={decide} testId="inbox-decide" />
          )}
          {(review.length > 0 || localDue.length > 0) && (
            <>
              <h2>Due for review</h2>
              <ul className="nhsuk-list nhsuk-list--bullet" data-testid="inbox-review">
                {review.map((i) => (
                  <li key={i.id}>
                    <a href={`#/protocols/central/${encodeURIComponent(i.id)}`}>{i.title}</a> – {STATE_TAG[i.state].text.toLowerCase()}
                    {i.review ? ` (${formatDate(i.review)})` : ''}
                  </li>
                ))}
                {localDue.map((l) => (
                  <li key={l.id}>
                    <a href={`#/protocols/local/${l.id}`}>{l.title}</a> (local) – {l.state === 'review_due' ? 'review due' : 'review overdue'}
                    {l.review ? ` (${formatDate(l.review)})` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <h2>Central protocols in force</h2>
      {rest.length + review.length === 0 ? (
        <p className="nhsuk-body">None adopted yet.</p>
      ) : (
        <CentralTable caption="Adopted and declined central protocols" items={[...review, ...rest]} testId="inbox-adopted" />
      )}
      <h2>Local protocols</h2>
      {inbox.local.length === 0 ? (
        <p className="nhsuk-body">The practice has no local protocols yet.</p>
      ) : (
        <Table caption="Local protocols" columns={['Protocol', 'Version', 'Owner', 'Review', 'Signed']} testId="inbox-local">
          {inbox.local.map((l) => (
            <tr key={l.id} className="nhsuk-table__row">
              <td className="nhsuk-table__cell">
                <a href={`#/protocols/local/${l.id}`}>{l.title}</a>
              </td>
              <td className="nhsuk-table__cell">{l.version}</td>
              <td className="nhsuk-table__cell">{l.owner}</td>
              <td className="nhsuk-table__cell">
                {l.review ? formatDate(l.review) : 'None set'} {l.state !== 'adopted' && <Tag colour={STATE_TAG[l.state].colour}>{STATE_TAG[l.state].text}</Tag>}
              </td>
              <td className="nhsuk-table__cell">
                {l.signed} of {l.signed + l.toSign}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {governance && (
        <div className="nhsuk-button-group">
          <button type="button" className="nhsuk-button" onClick={() => navigate('/protocols/new')}>
            Write a local protocol
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => navigate('/protocols/people')}>
            Completion by person
          </button>
        </div>
      )}
    </>
  );
}
