/**
 * "Auto-fill…" on the Rota screen (practice manager only): a panel with the search's
 * progress, the best roster so far in words, Cancel, then Apply/Discard for the proposal
 * the grid shows as proposed cells, and what it could not cover with a link to each cell.
 */
import { useEffect, useMemo, useState } from 'react';
import { formatDay } from '../../../../shared/rota/dates';
import type { RotaAssignment } from '../../../../shared/rota/model';
import { useSpoke } from '../../store';
import { cellKey } from '../rota/grid-model';
import { AUTOFILL_TIME_LIMIT_MS } from './slice';

export function AutoFillButton() {
  const phase = useSpoke((s) => s.autofillPhase);
  return (
    <button type="button" className="nhsuk-button nhsuk-button--secondary spoke-button--small" aria-expanded={phase !== 'idle'} disabled={phase === 'running'} onClick={() => void useSpoke.getState().startAutofill()}>
      Auto-fill…
    </button>
  );
}

/** The live grid with the proposal merged in, and the ids to mark as proposed (null when there is none). */
export function useAutofillOverlay(cells: ReadonlyMap<string, RotaAssignment[]>, assignments: ReadonlyMap<string, RotaAssignment>) {
  const proposal = useSpoke((s) => s.autofillProposal);
  return useMemo(() => {
    if (!proposal || proposal.length === 0) return null;
    const merged = new Map(cells);
    const all = new Map(assignments);
    for (const a of proposal) {
      const k = cellKey(a.staffId, a.date, a.session);
      merged.set(k, [...(merged.get(k) ?? []), a]);
      all.set(a.id, a);
    }
    return { cells: merged, assignments: all, proposed: new Set(proposal.map((a) => a.id)) };
  }, [proposal, cells, assignments]);
}

function Elapsed({ startedAt }: { startedAt: number }) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(performance.now()), 100);
    return () => window.clearInterval(t);
  }, []);
  const pct = Math.min(100, Math.round(((now - startedAt) / AUTOFILL_TIME_LIMIT_MS) * 100));
  return (
    <div className="spoke-autofill__bar" role="progressbar" aria-label="Auto-fill progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-valuetext={`${pct}% of the time allowed`}>
      <div className="spoke-autofill__bar-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}

export function AutoFillPanel() {
  const phase = useSpoke((s) => s.autofillPhase);
  const range = useSpoke((s) => s.autofillRange);
  const progress = useSpoke((s) => s.autofillProgress);
  const result = useSpoke((s) => s.autofillResult);
  const error = useSpoke((s) => s.autofillError);
  const startedAt = useSpoke((s) => s.autofillStartedAt);
  const sites = useSpoke((s) => s.rotaSnapshot?.sites);
  const { cancelAutofill, applyAutofill, discardAutofill, jumpToRotaCell } = useSpoke.getState();
  if (phase === 'idle' || !range) return null;
  const where = range.siteId === 'all' ? 'all sites' : (sites?.find((s) => s.id === range.siteId)?.name ?? 'the site');
  const title = `${formatDay(range.from)} to ${formatDay(range.to)}, ${where}`;

  return (
    <section className="spoke-autofill spoke-no-print" aria-labelledby="autofill-h" data-testid="autofill">
      <h2 className="nhsuk-heading-s" id="autofill-h">
        Auto-fill {title}
      </h2>
      {phase === 'running' ? (
        <>
          <Elapsed startedAt={startedAt} />
          <p className="nhsuk-body-s" aria-live="polite" data-testid="autofill-best">
            {progress ? `Best so far: ${progress.edits.length} sessions to add; ${progress.breakdown.text}.` : 'Looking for a first roster that keeps every rule…'}
          </p>
          <button type="button" className="nhsuk-button nhsuk-button--secondary spoke-button--small" onClick={cancelAutofill}>
            Cancel
          </button>
        </>
      ) : null}
      {phase === 'failed' ? (
        <>
          <p className="nhsuk-error-message" role="alert">
            {error}
          </p>
          <button type="button" className="nhsuk-button nhsuk-button--secondary spoke-button--small" onClick={discardAutofill}>
            Close
          </button>
        </>
      ) : null}
      {phase === 'preview' && result ? (
        <>
          <p className="nhsuk-body-s" data-testid="autofill-summary" aria-live="polite">
            {result.feasible
              ? `${result.edits.length === 0 ? 'Nothing to add' : `${result.edits.length} ${result.edits.length === 1 ? 'session' : 'sessions'} to add, shown as proposed in the grid`}: ${result.breakdown.text}. Found in ${(result.totalMs / 1000).toFixed(1)} s.`
              : 'No roster keeping every rule was found in the time allowed, so nothing is proposed. The gaps are below.'}
          </p>
          <div className="spoke-autofill__actions">
            <button type="button" className="nhsuk-button spoke-button--small" disabled={result.edits.length === 0} onClick={() => void applyAutofill()}>
              Apply
            </button>
            <button type="button" className="nhsuk-button nhsuk-button--secondary spoke-button--small" onClick={discardAutofill}>
              Discard
            </button>
          </div>
          {result.explanations.length > 0 ? (
            <>
              <h3 className="nhsuk-heading-xs">What auto-fill could not cover ({result.explanations.length})</h3>
              <ul className="nhsuk-list spoke-autofill__gaps" data-testid="autofill-gaps">
                {result.explanations.slice(0, 50).map((x, i) => (
                  <li key={i}>
                    <button type="button" className="spoke-link-button" onClick={() => jumpToRotaCell(x.staffId, x.date, x.session)}>
                      {x.message}
                    </button>
                  </li>
                ))}
              </ul>
              {result.explanations.length > 50 ? <p className="nhsuk-body-s">and {result.explanations.length - 50} more.</p> : null}
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
