/**
 * The app's pages and the hash paths that reach them (#/staff, #/staff/:id...). A hash
 * router keeps the same build working from file:// in Electron and from the web host.
 */

export type Route =
  | { page: 'rota'; /** A date to open the rota at (a link from elsewhere, a bookmark). */ date?: string }
  | { page: 'rotaSettings'; section: RotaSettingsSection }
  | { page: 'leave' }
  | { page: 'staff' }
  | { page: 'staffNew' }
  | { page: 'staffMember'; id: string }
  | { page: 'mdt' }
  | { page: 'leads' }
  | { page: 'protocols' }
  | { page: 'protocol'; kind: 'central' | 'local'; id: string }
  | { page: 'protocolNew' }
  | { page: 'protocolEdit'; id: string }
  | { page: 'protocolEvidence'; kind: 'central' | 'local'; id: string }
  | { page: 'protocolPeople' }
  | { page: 'sync' }
  | { page: 'settings' }
  | { page: 'notFound'; path: string };

export type PageName = Route['page'];

/** The Rota settings sub-pages (#/rota/settings/<section>). */
export const ROTA_SETTINGS_SECTIONS = ['duties', 'sessions', 'coverage', 'patterns', 'leave-and-hours'] as const;
export type RotaSettingsSection = (typeof ROTA_SETTINGS_SECTIONS)[number];
const isRotaSettingsSection = (s: string): s is RotaSettingsSection => (ROTA_SETTINGS_SECTIONS as readonly string[]).includes(s);

const SIMPLE: Record<string, Route> = {
  rota: { page: 'rota' },
  leave: { page: 'leave' },
  staff: { page: 'staff' },
  mdt: { page: 'mdt' },
  leads: { page: 'leads' },
  protocols: { page: 'protocols' },
  sync: { page: 'sync' },
  settings: { page: 'settings' },
};

/** The landing page: the staff directory is the first thing a practice manager keeps up to date. */
export const HOME: Route = { page: 'staff' };

/** Reads a location hash ("#/staff/abc") into a route; anything that is not a path ("", "#/") is home. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  if (!path.startsWith('/')) return HOME;
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  const [first, second, ...rest] = parts;
  if (first === undefined) return HOME;
  if (first === 'rota' && second !== undefined && rest.length === 0 && /^\d{4}-\d{2}-\d{2}$/.test(second)) return { page: 'rota', date: second };
  if (first === 'rota' && second === 'settings') {
    const [section, ...more] = rest;
    if (section === undefined) return { page: 'rotaSettings', section: 'duties' };
    if (more.length === 0 && isRotaSettingsSection(section)) return { page: 'rotaSettings', section };
    return { page: 'notFound', path };
  }
  if (first === 'staff' && second !== undefined && rest.length === 0) {
    return second === 'new' ? { page: 'staffNew' } : { page: 'staffMember', id: second };
  }
  if (first === 'protocols' && second !== undefined) {
    const [third, fourth] = rest;
    if (second === 'new' && third === undefined) return { page: 'protocolNew' };
    if (second === 'people' && third === undefined) return { page: 'protocolPeople' };
    if ((second === 'central' || second === 'local') && third !== undefined && fourth === undefined && rest.length === 1) return { page: 'protocol', kind: second, id: third };
    if (second === 'local' && third !== undefined && fourth === 'edit' && rest.length === 2) return { page: 'protocolEdit', id: third };
    if ((second === 'central' || second === 'local') && third !== undefined && fourth === 'evidence' && rest.length === 2) return { page: 'protocolEvidence', kind: second, id: third };
    return { page: 'notFound', path };
  }
  const simple = second === undefined ? SIMPLE[first] : undefined;
  return simple ?? { page: 'notFound', path };
}

/** The hash path for a route, without the leading '#'. */
export function routePath(route: Route): string {
  switch (route.page) {
    case 'staffNew':
      return '/staff/new';
    case 'staffMember':
      return `/staff/${encodeURIComponent(route.id)}`;
    case 'protocol':
      return `/protocols/${route.kind}/${encodeURIComponent(route.id)}`;
    case 'protocolNew':
      return '/protocols/new';
    case 'protocolPeople':
      return '/protocols/people';
    case 'protocolEdit':
      return `/protocols/local/${encodeURIComponent(route.id)}/edit`;
    case 'protocolEvidence':
      return `/protocols/${route.kind}/${encodeURIComponent(route.id)}/evidence`;
    case 'notFound':
      return route.path;
    case 'rota':
      return route.date ? `/rota/${route.date}` : '/rota';
    case 'rotaSettings':
      return `/rota/settings/${route.section}`;
    default:
      return `/${route.page}`;
  }
}

/** The main navigation, in the order a practice manager works through it. */
export const NAV_ITEMS: readonly { label: string; path: string; pages: readonly PageName[] }[] = [
  { label: 'Rota', path: '/rota', pages: ['rota', 'rotaSettings'] },
  { label: 'Leave', path: '/leave', pages: ['leave'] },
  { label: 'Staff', path: '/staff', pages: ['staff', 'staffNew', 'staffMember'] },
  { label: 'MDT workforce', path: '/mdt', pages: ['mdt'] },
  { label: 'Named leads', path: '/leads', pages: ['leads'] },
  { label: 'Protocols', path: '/protocols', pages: ['protocols', 'protocol', 'protocolNew', 'protocolEdit', 'protocolEvidence', 'protocolPeople'] },
  { label: 'Hub sync', path: '/sync', pages: ['sync'] },
  { label: 'Settings', path: '/settings', pages: ['settings'] },
];
