/** Auto-fill's back end in the app: preferences from the core, the solver in a Web Worker. */
import { api } from '../../api/client';
import type { AutofillPreference } from '../../../../shared/roster/practice';
import type { AutofillMessage } from './autofill.worker';
import type { AutofillBackend } from './slice';

export const apiAutofillBackend: AutofillBackend = {
  preferences: async () => {
    const sets = await api('rota.preferences.list', {});
    return sets.flatMap((s) =>
      s.preferences.map((p): AutofillPreference => ({ staffId: s.staffId, weekday: p.weekday, session: p.session, kind: p.kind, weight: p.weight })),
    );
  },
  startWorker: (msg, onMessage) => {
    const worker = new Worker(new URL('./autofill.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<AutofillMessage>) => onMessage(e.data);
    worker.onerror = (e) => onMessage({ type: 'error', message: `Auto-fill stopped: ${e.message || 'the background search failed to start'}` });
    worker.postMessage(msg);
    return { terminate: () => worker.terminate() };
  },
};
