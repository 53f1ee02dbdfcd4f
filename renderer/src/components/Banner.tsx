import { useEffect, useRef } from 'react';
import { readOnlyMessage } from '../../../shared/errors';
import { useSpoke } from '../store';
import { selectAttention, selectBanner } from '../store/ui';

/**
 * Records that need attention: the list they belong to still loaded without them, or a
 * change was saved but could not be read back. Each carries the reference in the log.
 */
export function AttentionNotice() {
  const attention = useSpoke(selectAttention);
  const dismiss = useSpoke((s) => s.dismissAttention);
  if (attention.length === 0) return null;
  return (
    <div className="nhsuk-notification-banner spoke-banner" role="status" aria-labelledby="spoke-attention-title" data-testid="attention-banner">
      <div className="nhsuk-notification-banner__header">
        <h2 className="nhsuk-notification-banner__title" id="spoke-attention-title">
          Needs attention
        </h2>
      </div>
      <div className="nhsuk-notification-banner__content">
        <ul className="nhsuk-list">
          {attention.map((a) => (
            <li key={`${a.ref}:${a.id ?? ''}`}>{a.message}</li>
          ))}
        </ul>
        <button type="button" className="spoke-link-button" onClick={dismiss}>
          Dismiss<span className="nhsuk-u-visually-hidden"> these notices</span>
        </button>
      </div>
    </div>
  );
}

/** Success after a save, or the error from an action that has no form to show it in. */
export function Banner() {
  const banner = useSpoke(selectBanner);
  const dismiss = useSpoke((s) => s.dismissBanner);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // An error could be far from where the user is looking: bring it to them.
    if (banner?.kind === 'error') ref.current?.focus();
  }, [banner]);
  if (!banner) return null;
  const success = banner.kind === 'success';
  return (
    <div
      ref={ref}
      tabIndex={-1}
      className={`nhsuk-notification-banner spoke-banner ${success ? 'nhsuk-notification-banner--success' : 'spoke-banner--error'}`}
      role={success ? 'status' : 'alert'}
      aria-labelledby="spoke-banner-title"
      data-testid={success ? 'success-banner' : 'error-banner'}
    >
      <div className="nhsuk-notification-banner__header">
        <h2 className="nhsuk-notification-banner__title" id="spoke-banner-title">
          {success ? 'Success' : 'There is a problem'}
        </h2>
      </div>
      <div className="nhsuk-notification-banner__content">
        <p className="nhsuk-notification-banner__heading">{banner.message}</p>
        <button type="button" className="spoke-link-button" onClick={dismiss}>
          Dismiss<span className="nhsuk-u-visually-hidden"> this message</span>
        </button>
      </div>
    </div>
  );
}

/**
 * Always shown while the practice is open read-only (the database file or its folder
 * cannot be written), so nobody fills in a form that cannot be saved.
 */
export function ReadOnlyBanner() {
  const readOnly = useSpoke((s) => s.status?.readOnly ?? null);
  if (!readOnly) return null;
  return (
    <div className="nhsuk-warning-callout" role="status" data-testid="read-only-banner">
      <h2 className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>Read-only
        </span>
      </h2>
      <p>{readOnlyMessage(readOnly.reason)}</p>
    </div>
  );
}

/** Shown while the data folder is on a network filesystem, where two PCs at once could damage the practice. */
export function StorageWarningBanner() {
  const warning = useSpoke((s) => s.status?.storageWarning ?? null);
  if (!warning) return null;
  return (
    <div className="nhsuk-warning-callout" role="status" data-testid="storage-warning">
      <h2 className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>Network folder
        </span>
      </h2>
      <p>{warning}</p>
    </div>
  );
}
