import { useEffect, useState, type FormEvent } from 'react';
import { BACKUP_REASON_LABELS, type BackupEntry, type BackupHolds } from '../../../../shared/contract/backup';
import { Section } from '../../components/Section';
import { ACTIONS_COLUMN, Table } from '../../components/Table';
import { formatDateTime } from '../../format';
import { useSpoke } from '../../store';
import { selectCanManageStaff } from '../app/slice';
import { selectBackups } from './slice';

const n = (x: number) => x.toLocaleString('en-GB');

function describeHolds(h: BackupHolds | null): string {
  if (!h) return 'Cannot be read';
  return `${n(h.staff)} staff, ${n(h.assignments)} rota assignments, ${n(h.leaveRequests)} leave requests, ${n(h.protocols)} protocols`;
}

function sizeOf(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * Settings → Backups: the rolling backups in the practice folder (when, why, what each
 * holds), "Back up now", how long they are kept, and, for a practice manager, restoring
 * one after a confirmation that says the current state is backed up first.
 */
export function BackupsSection() {
  const list = useSpoke(selectBackups);
  const canRestore = useSpoke(selectCanManageStaff);
  const busy = useSpoke((s) => s.backupBusy);
  const loadBackups = useSpoke((s) => s.loadBackups);
  const backUpNow = useSpoke((s) => s.backUpNow);
  const restoreBackup = useSpoke((s) => s.restoreBackup);
  const showBanner = useSpoke((s) => s.showBanner);
  const [confirming, setConfirming] = useState<BackupEntry | null>(null);

  useEffect(() => {
    void loadBackups();
  }, [loadBackups]);

  const onBackUp = async () => {
    const entry = await backUpNow();
    if (entry) showBanner({ kind: 'success', message: `Backed up at ${formatDateTime(entry.takenAt)}: ${describeHolds(entry.holds)}.` });
  };

  const onRestore = async () => {
    if (!confirming) return;
    const file = confirming.file;
    setConfirming(null);
    const result = await restoreBackup(file);
    if (result) {
      showBanner({
        kind: 'success',
        message: `Restored the backup from ${formatDateTime(result.restored.takenAt)}. The practice as it was just before is kept as a backup (${formatDateTime(result.undo.takenAt)}, before a restore): restore that to undo.`,
      });
    }
  };

  return (
    <Section headingId="backups-heading" title="Backups">
      <p className="nhsuk-body">
        Spoke backs up the practice every day while it is open, before every upgrade and before applying a hub sync.
        {list ? (
          <>
            {' '}
            Backups are kept for {list.retentionDays} days (the newest is always kept) in <code className="spoke-path">{list.folder}</code>.
          </>
        ) : null}
      </p>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void onBackUp()} disabled={busy}>
        {busy ? 'Working…' : 'Back up now'}
      </button>
      {confirming ? (
        <div className="nhsuk-warning-callout" role="alertdialog" aria-labelledby="restore-confirm-heading" data-testid="restore-confirm">
          <h3 className="nhsuk-warning-callout__label" id="restore-confirm-heading">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>Restore the backup from {formatDateTime(confirming.takenAt)}?
            </span>
          </h3>
          <p>
            The practice goes back to how it was then ({describeHolds(confirming.holds)}). Everything changed since is replaced. The practice as
            it is now is backed up first, so you can undo this.
          </p>
          <button type="button" className="nhsuk-button nhsuk-button--warning" onClick={() => void onRestore()}>
            Yes, restore this backup
          </button>{' '}
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </div>
      ) : null}
      {list && list.backups.length === 0 ? <p className="nhsuk-body">There are no backups yet.</p> : null}
      {list && list.backups.length > 0 ? (
        <Table caption="Backups, newest first" captionHidden columns={['Taken', 'Why', 'What it holds', { label: 'Size', numeric: true }, ...(canRestore ? [ACTIONS_COLUMN] : [])]} testId="backups-table">
          {list.backups.map((b) => (
            <tr className="nhsuk-table__row" key={b.file}>
              <td className="nhsuk-table__cell">{formatDateTime(b.takenAt)}</td>
              <td className="nhsuk-table__cell">{BACKUP_REASON_LABELS[b.reason]}</td>
              <td className="nhsuk-table__cell">{b.problem ? `Cannot be restored: this backup ${b.problem}` : describeHolds(b.holds)}</td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{sizeOf(b.bytes)}</td>
              {canRestore ? (
                <td className="nhsuk-table__cell">
                  {b.problem ? null : (
                    <button type="button" className="spoke-link-button" onClick={() => setConfirming(b)} disabled={busy}>
                      Restore<span className="nhsuk-u-visually-hidden"> the backup from {formatDateTime(b.takenAt)}</span>
                    </button>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </Table>
      ) : null}
      {canRestore && list ? <RetentionForm key={list.retentionDays} days={list.retentionDays} /> : null}
    </Section>
  );
}

function RetentionForm({ days }: { days: number }) {
  const setBackupRetention = useSpoke((s) => s.setBackupRetention);
  const showBanner = useSpoke((s) => s.showBanner);
  const [value, setValue] = useState(String(days));
  const [error, setError] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = /^\d{1,4}$/.test(value.trim()) ? Number(value.trim()) : NaN;
    if (!Number.isInteger(parsed)) {
      setError('Enter a whole number of days, like 30');
      return;
    }
    const problem = await setBackupRetention(parsed);
    setError(problem);
    if (!problem) showBanner({ kind: 'success', message: `Backups are now kept for ${parsed} days.` });
  };
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
        <label className="nhsuk-label" htmlFor="backup-retention">
          Keep backups for (days)
        </label>
        {error ? (
          <span className="nhsuk-error-message" id="backup-retention-error">
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </span>
        ) : null}
        <input
          className={`nhsuk-input nhsuk-input--width-4${error ? ' nhsuk-input--error' : ''}`}
          id="backup-retention"
          inputMode="numeric"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-describedby={error ? 'backup-retention-error' : undefined}
        />
      </div>
      <button type="submit" className="nhsuk-button nhsuk-button--secondary">
        Save
      </button>
    </form>
  );
}
