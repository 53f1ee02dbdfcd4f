import { useEffect, useState, type FormEvent } from 'react';
import type { SyncChange } from '../../../../shared/contract/sync';
import { ErrorMessage } from '../../components/ErrorSummary';
import { PageHeading } from '../../components/PageHeading';
import { SummaryList } from '../../components/SummaryList';
import { Table } from '../../components/Table';
import { Tag } from '../../components/Tag';
import { formatDate } from '../../format';
import { useSpoke } from '../../store';
import { selectAppRole } from '../app/slice';
import { selectSync } from './slice';

const STATUS_TAG = { new: 'green', changed: 'blue', withdrawn: 'grey' } as const;

function bytes(n: number): string {
  return n < 1024 ? `${n} bytes` : n < 1024 * 1024 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function when(iso: string | null): string {
  if (!iso) return 'Never';
  const d = new Date(iso);
  return `${formatDate(iso.slice(0, 10))} at ${d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
}

function ChangesTable({ changes }: { changes: readonly SyncChange[] }) {
  return (
    <Table caption="What arrived in the last sync" columns={['Item', 'Kind', 'Version', 'Status']} testId="sync-changes">
      {changes.map((c) => (
        <tr key={c.path} className="nhsuk-table__row">
          <td className="nhsuk-table__cell">{c.title}</td>
          <td className="nhsuk-table__cell">{c.kind === 'policy' ? 'Policy or protocol' : 'Catalogue'}</td>
          <td className="nhsuk-table__cell">
            {c.version}
            {c.changeKind === 'minor' ? ' (minor change)' : ''}
          </td>
          <td className="nhsuk-table__cell">
            <Tag colour={STATUS_TAG[c.status]}>{c.status === 'new' ? 'New' : c.status === 'changed' ? 'Changed' : 'Withdrawn'}</Tag>
          </td>
        </tr>
      ))}
    </Table>
  );
}

/** #/sync: enrol with the hub by its code, Sync now with progress and cancel, and what arrived. */
export function SyncPage() {
  const status = useSpoke(selectSync);
  const role = useSpoke(selectAppRole);
  const loadSync = useSpoke((s) => s.loadSync);
  const enrol = useSpoke((s) => s.enrol);
  const syncNow = useSpoke((s) => s.syncNow);
  const cancelSync = useSpoke((s) => s.cancelSync);
  const syncing = useSpoke((s) => s.syncing);
  const result = useSpoke((s) => s.syncResult);
  const enrolError = useSpoke((s) => s.enrolError);
  const [code, setCode] = useState('');
  const canSync = role === 'practice_manager' || role === 'clinical_lead';

  useEffect(() => {
    void loadSync();
  }, [loadSync]);

  const onEnrol = (e: FormEvent) => {
    e.preventDefault();
    void enrol(code).then((ok) => ok && setCode(''));
  };

  if (!status) return <PageHeading title="Hub sync" />;
  const progress = status.progress;
  return (
    <>
      <PageHeading title="Hub sync" />
      <p className="nhsuk-body-l">
        Policies, protocols and catalogues from your group’s hub, checked for tampering before anything is used. Working offline is normal: sync when you are
        connected.
      </p>
      {status.notCheckedForDays !== null && (
        <div className="nhsuk-warning-callout" data-testid="sync-stale">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>Not checked for {status.notCheckedForDays} day{status.notCheckedForDays === 1 ? '' : 's'}
            </span>
          </h2>
          <p>The hub’s last signed release has expired here. Sync when you are connected to check for new content.</p>
        </div>
      )}
      {status.enrolled ? (
        <SummaryList
          rows={[
            ['Hub', status.contentUrl ?? ''],
            ['Release', status.release === null ? 'Not synced yet' : `Release ${status.release}`],
            ['Last successful sync', when(status.lastSuccessAt)],
            ['Central items held', String(status.centralItems)],
            ['Reports waiting to send', String(status.reportsWaiting)],
          ]}
        />
      ) : null}
      {role === 'practice_manager' && (
        <form onSubmit={onEnrol} noValidate>
          <div className={`nhsuk-form-group${enrolError ? ' nhsuk-form-group--error' : ''}`}>
            <label className="nhsuk-label nhsuk-label--s" htmlFor="enrol-code">
              {status.enrolled ? 'Enrol again with a new code' : 'Enrolment code'}
            </label>
            <div className="nhsuk-hint" id="enrol-code-hint">
              The one-line code your hub gave you. It starts with spoke-enrol-1:
            </div>
            <ErrorMessage id="enrol-code" message={enrolError ?? undefined} />
            <textarea
              className={`nhsuk-textarea${enrolError ? ' nhsuk-textarea--error' : ''}`}
              id="enrol-code"
              name="code"
              rows={3}
              value={code}
              spellCheck={false}
              aria-describedby={`enrol-code-hint${enrolError ? ' enrol-code-error' : ''}`}
              onChange={(e) => setCode(e.target.value)}
            />
          </div>
          <button className="nhsuk-button nhsuk-button--secondary" type="submit">
            Enrol
          </button>
        </form>
      )}
      {status.enrolled && canSync && (
        <div className="nhsuk-button-group">
          <button className="nhsuk-button" type="button" disabled={syncing} aria-disabled={syncing} onClick={() => void syncNow()}>
            Sync now
          </button>
          {syncing && (
            <button className="nhsuk-button nhsuk-button--warning" type="button" onClick={() => void cancelSync()}>
              Cancel sync
            </button>
          )}
        </div>
      )}
      <div aria-live="polite" data-testid="sync-progress">
        {syncing && (
          <p className="nhsuk-body">
            {progress?.phase === 'content'
              ? `Fetching content: ${progress.itemsDone} of ${progress.itemsTotal} items, ${bytes(progress.bytes)}…`
              : progress?.phase === 'applying'
                ? 'Applying…'
                : 'Checking the hub…'}
          </p>
        )}
        {result && (
          <div className={result.outcome === 'failed' ? 'nhsuk-error-summary' : 'nhsuk-inset-text'} data-testid="sync-result">
            <p className="nhsuk-body nhsuk-u-margin-bottom-0">{result.message}</p>
            {result.warning && <p className="nhsuk-body nhsuk-u-margin-bottom-0 nhsuk-u-margin-top-2">{result.warning}</p>}
          </div>
        )}
      </div>
      {status.lastError && !result && (
        <div className="nhsuk-inset-text">
          <p>The last attempt ({when(status.lastAttemptAt)}) did not complete: {status.lastError}</p>
        </div>
      )}
      {status.lastChanges.length > 0 && <ChangesTable changes={status.lastChanges} />}
    </>
  );
}
