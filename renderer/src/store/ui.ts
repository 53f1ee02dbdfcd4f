import { ApiError } from '../api/client';
import type { Attention } from '../../../shared/errors';
import { HOME, parseRoute, routePath, type Route } from '../routes';
import type { SpokeSlice, SpokeState } from './types';

/** A message across the top of the page: a success after saving, or an error from an action. */
export interface Banner {
  kind: 'success' | 'error';
  message: string;
}

export interface UiSlice {
  route: Route;
  /** Counts navigations, so the page can move focus to its heading after each one. */
  navigationCount: number;
  banner: Banner | null;
  /** Records the core could not show, or saves it could not read back: kept until dismissed. */
  attention: readonly Attention[];
  noteAttention: (items: readonly Attention[]) => void;
  dismissAttention: () => void;
  /** Go to a hash path ("/staff/new"), optionally showing a banner on arrival. */
  navigate: (path: string, banner?: Banner) => void;
  /** Follow the address bar after a link click, Back or Forward. */
  followLocation: () => void;
  showBanner: (banner: Banner) => void;
  dismissBanner: () => void;
  /** Show a failed non-form action in the error banner (forms show their own errors). */
  reportError: (err: unknown) => void;
}

const routeKey = (r: Route): string => routePath(r);

export const createUiSlice: SpokeSlice<UiSlice> = (set, get) => ({
  route: HOME,
  navigationCount: 0,
  banner: null,
  attention: [],

  noteAttention: (items) =>
    set((s) => {
      const seen = new Set(s.attention.map((a) => `${a.ref}:${a.id ?? ''}`));
      const fresh = items.filter((a) => !seen.has(`${a.ref}:${a.id ?? ''}`));
      return fresh.length ? { attention: [...s.attention, ...fresh].slice(-20) } : s;
    }),
  dismissAttention: () => set({ attention: [] }),

  navigate: (path, banner) => {
    const hash = `#${path}`;
    if (window.location.hash !== hash) history.pushState(null, '', hash);
    const route = parseRoute(hash);
    if (route.page === 'rota' && get().status?.profile) get().prefetchRota(route.date, get().navigationCount + 1);
    set((s) => ({ route, banner: banner ?? null, navigationCount: s.navigationCount + 1 }));
  },

  followLocation: () => {
    const hash = window.location.hash;
    // In-page anchors (#maincontent, error summary links) are not routes.
    if (hash !== '' && !hash.startsWith('#/')) return;
    const route = parseRoute(hash);
    if (routeKey(route) === routeKey(get().route)) return;
    // A protocol's page and the rota need one request each: start it before the page is drawn, not after.
    if (route.page === 'protocol' && get().status?.profile) void get().loadProtocol(route.kind, route.id, get().navigationCount + 1);
    if (route.page === 'rota' && get().status?.profile) get().prefetchRota(route.date, get().navigationCount + 1);
    set((s) => ({ route, banner: null, navigationCount: s.navigationCount + 1 }));
  },

  showBanner: (banner) => set({ banner }),
  dismissBanner: () => set({ banner: null }),

  reportError: (err) => {
    if (err instanceof ApiError) {
      set({ banner: { kind: 'error', message: err.message } });
      // The session ended (host restarted) or the practice is gone: show sign-in or first run again.
      if (err.code === 'not_signed_in' || err.code === 'not_set_up') void get().loadStatus();
      return;
    }
    const detail = err instanceof Error ? err.message : String(err);
    set({ banner: { kind: 'error', message: `Something went wrong: ${detail}` } });
  },
});

export const selectRoute = (s: SpokeState): Route => s.route;
export const selectBanner = (s: SpokeState): Banner | null => s.banner;
export const selectAttention = (s: SpokeState): readonly Attention[] => s.attention;
