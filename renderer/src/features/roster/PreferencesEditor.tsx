/**
 * A staff member's preferred and unwanted sessions, with how much each matters (1-10), for
 * auto-fill. On the staff member's page for a practice manager or the person themselves;
 * a grid of labelled selects (weekday x session), saved whole through rota.preferences.save.
 */
import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_PREFERENCE_WEIGHT, type StaffPreferencesOut } from '../../../../shared/contract/rota';
import { ROTA_SESSIONS, ROTA_SESSION_LABELS, ROTA_WEEKDAYS, type RotaSession, type RotaWeekday } from '../../../../shared/rota/vocabulary';
import { api } from '../../api/client';
import { Section } from '../../components/Section';
import { useSpoke } from '../../store';

const DAY_NAMES: Record<RotaWeekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
type Choice = { kind: 'none' | 'preferred' | 'unwanted'; weight: number };
const key = (d: RotaWeekday, s: RotaSession) => `${d}|${s}`;

export function PreferencesEditor({ staffId }: { staffId: string }) {
  const profile = useSpoke((s) => s.status?.profile ?? null);
  const allowed = profile !== null && (profile.appRole === 'practice_manager' || profile.staffId === staffId);
  const [loaded, setLoaded] = useState<StaffPreferencesOut | null>(null);
  const [choices, setChoices] = useState<Map<string, Choice>>(new Map());
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api('rota.preferences.list', { staffId }).then(
      (list) => {
        const mine = list[0] ?? { staffId, preferences: [], updatedAt: null };
        setLoaded(mine);
        setChoices(new Map(mine.preferences.map((p) => [key(p.weekday, p.session), { kind: p.kind, weight: p.weight }])));
      },
      (err: unknown) => setMessage({ kind: 'error', text: `Could not load preferred sessions: ${err instanceof Error ? err.message : String(err)}` }),
    );
  }, [staffId]);
  useEffect(() => {
    if (allowed) load();
  }, [allowed, load]);
  if (!allowed) return null;

  const set = (k: string, c: Choice) => setChoices((m) => new Map(m).set(k, c));
  const save = async () => {
    if (!loaded) return;
    setBusy(true);
    setMessage(null);
    const preferences = [...choices].flatMap(([k, c]) => {
      const [weekday, session] = k.split('|') as [RotaWeekday, RotaSession];
      return c.kind === 'none' ? [] : [{ weekday, session, kind: c.kind, weight: c.weight }];
    });
    try {
      const saved = await api('rota.preferences.save', { staffId, preferences, expectedUpdatedAt: loaded.updatedAt });
      setLoaded(saved);
      setMessage({ kind: 'ok', text: `Saved ${saved.preferences.length} preferred or unwanted ${saved.preferences.length === 1 ? 'session' : 'sessions'}.` });
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section headingId="preferences-heading" title="Preferred and unwanted sessions">
      <p className="nhsuk-body-s">Auto-fill on the rota tries to give preferred sessions and avoid unwanted ones; 10 matters most. It never overrides coverage rules or leave.</p>
      {loaded ? (
        <table className="nhsuk-table spoke-preferences" data-testid="preferences">
          <thead>
            <tr>
              <th scope="col">Day</th>
              {ROTA_SESSIONS.map((s) => (
                <th scope="col" key={s}>
                  {ROTA_SESSION_LABELS[s]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ROTA_WEEKDAYS.map((d) => (
              <tr key={d}>
                <th scope="row">{DAY_NAMES[d]}</th>
                {ROTA_SESSIONS.map((s) => {
                  const k = key(d, s);
                  const c = choices.get(k) ?? { kind: 'none', weight: DEFAULT_PREFERENCE_WEIGHT };
                  const label = `${DAY_NAMES[d]} ${ROTA_SESSION_LABELS[s]}`;
                  return (
                    <td key={s}>
                      <select className="nhsuk-select spoke-select--small" aria-label={label} value={c.kind} onChange={(e) => set(k, { ...c, kind: e.target.value as Choice['kind'] })}>
                        <option value="none">No preference</option>
                        <option value="preferred">Preferred</option>
                        <option value="unwanted">Unwanted</option>
                      </select>
                      {c.kind !== 'none' ? (
                        <select className="nhsuk-select spoke-select--small" aria-label={`${label}: how much it matters (1 to 10)`} value={c.weight} onChange={(e) => set(k, { ...c, weight: Number(e.target.value) })}>
                          {[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((w) => (
                            <option key={w} value={w}>
                              {w}
                            </option>
                          ))}
                        </select>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div aria-live="polite">{message ? <p className={message.kind === 'error' ? 'nhsuk-error-message' : 'nhsuk-body-s'} role={message.kind === 'error' ? 'alert' : undefined}>{message.text}</p> : null}</div>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy || !loaded} onClick={() => void save()}>
        Save preferred sessions
      </button>
    </Section>
  );
}
