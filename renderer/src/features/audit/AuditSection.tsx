import { useEffect, useState, type ReactNode } from 'react';
import type { AuditEntry } from '../../../../shared/contract/audit';
import { Section } from '../../components/Section';

/**
 * A section listing audit entries: loads them, says so while loading, when loading failed
 * and when there are none, and leaves how the entries are shown to the caller.
 */
export function AuditSection({
  headingId,
  title,
  failure,
  load,
  version,
  children,
}: {
  headingId: string;
  title: string;
  /** Starts the sentence shown when loading fails; the error follows it. */
  failure: string;
  /** Keep it stable (useCallback): a new function reloads the entries. */
  load: () => Promise<AuditEntry[]>;
  /** The audited record's version: when it changes, there is something new to show. */
  version: string | undefined;
  children: (entries: AuditEntry[]) => ReactNode;
}) {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    // An answer that arrives after a newer request (or after unmounting) is dropped.
    let live = true;
    load().then(
      (e) => {
        if (live) setEntries(e);
      },
      (err: unknown) => {
        if (live) setError(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      live = false;
    };
  }, [load, version]);

  return (
    <Section headingId={headingId} title={title}>
      {error ? (
        <p className="nhsuk-body">
          {failure}: {error}
        </p>
      ) : null}
      {entries === null && !error ? <p className="nhsuk-body">Loading…</p> : null}
      {entries?.length === 0 ? <p className="nhsuk-body">No changes recorded.</p> : null}
      {entries && entries.length > 0 ? children(entries) : null}
    </Section>
  );
}
