/**
 * The central team's dashboard: where every enrolled practice stands with the mandatory
 * protocols (adopted version, pending, overdue), when it last synced, its named-lead gaps
 * and its WTE by role against the workforce model. Built from the hub's own published
 * content and the latest report of each kind from each practice; rendered on the server
 * as plain HTML (no script) with the NHS.UK stylesheet served locally, so it works under
 * a strict Content Security Policy and with assistive technology.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CatalogueTarget,
  PolicyTarget,
  REPORT_PAYLOADS,
  type AcknowledgementsReport,
  type AdoptionReport,
  type WorkforceReport,
} from '../../shared/hub-content';
import type { HubDb } from './store';
import type { HubRepository } from './repository';

export interface MandatoryProtocol {
  id: string;
  title: string;
  version: number;
  effective: string | null;
}

export type CellStatus = 'adopted' | 'pending' | 'overdue' | 'declined' | 'no-report';

export interface PracticeRow {
  id: string;
  ods: string;
  name: string;
  lastSyncAt: string | null;
  release: number | null;
  cells: { protocol: string; status: CellStatus; adopted: number | null; offered: number }[];
  acknowledgements: { signed: number; toSign: number; peopleComplete: number; people: number } | null;
  namedLeads: { reported: false } | { reported: true; gaps: { leadType: string; label: string; deputy: boolean }[] };
  workforce: { listSize: number; asOf: string; roles: { role: string; label: string; wte: number; target: number }[] } | null;
}

export interface DashboardData {
  generatedAt: string;
  release: number;
  protocols: MandatoryProtocol[];
  practices: PracticeRow[];
}

function latestReport<T>(db: HubDb, practiceId: string, kind: 'adoption' | 'acknowledgements' | 'workforce'): T | null {
  const row = db.prepare('SELECT body FROM reports WHERE practice_id = ? AND kind = ? ORDER BY received_at DESC, rowid DESC LIMIT 1').get(practiceId, kind) as { body: string } | undefined;
  if (!row) return null;
  try {
    const parsed = REPORT_PAYLOADS[kind].safeParse((JSON.parse(row.body) as { payload: unknown }).payload);
    return parsed.success ? (parsed.data as T) : null;
  } catch {
    return null;
  }
}

interface Published {
  release: number;
  protocols: MandatoryProtocol[];
  model: Map<string, number>;
  labels: Map<string, string>;
  leadLabels: Map<string, string>;
}

/** Policies and catalogues parsed once per release of each hub: a page load does not re-read 2,000 files. */
const caches = new WeakMap<HubDb, Published>();

function published(db: HubDb, repo: HubRepository, release: number): Published {
  const cached = caches.get(db);
  if (cached?.release === release) return cached;
  const rows = db.prepare('SELECT id, kind, target_path FROM items WHERE retired = 0').all() as { id: string; kind: string; target_path: string }[];
  const protocols: MandatoryProtocol[] = [];
  const model = new Map<string, number>();
  const labels = new Map<string, string>();
  const leadLabels = new Map<string, string>();
  for (const r of rows) {
    const bytes = repo.targetFile(r.target_path);
    if (!bytes) continue;
    const json = JSON.parse(bytes.toString('utf8')) as unknown;
    if (r.kind === 'policy') {
      const p = PolicyTarget.safeParse(json);
      if (p.success && p.data.mandatory) protocols.push({ id: p.data.id, title: p.data.title, version: p.data.version, effective: p.data.effective });
      continue;
    }
    const c = CatalogueTarget.safeParse(json);
    if (!c.success) continue;
    const data = c.data.data as Record<string, unknown>;
    if (c.data.id === 'workforce-model') for (const t of (data.targets ?? []) as { role: string; wte: number }[]) model.set(t.role, t.wte);
    if (c.data.id === 'roles') for (const role of (data.roles ?? []) as { id: string; label: string }[]) labels.set(role.id, role.label);
    if (c.data.id === 'named-leads') for (const l of (data.leadTypes ?? []) as { id: string; label: string }[]) leadLabels.set(l.id, l.label);
  }
  protocols.sort((a, b) => a.title.localeCompare(b.title));
  const fresh = { release, protocols, model, labels, leadLabels };
  caches.set(db, fresh);
  return fresh;
}

export function dashboardData(db: HubDb, repo: HubRepository, release: number, now: Date): DashboardData {
  const today = now.toISOString().slice(0, 10);
  const pub = published(db, repo, release);
  const practices = db.prepare('SELECT id, ods, name FROM practices ORDER BY name, ods').all() as { id: string; ods: string; name: string }[];
  return {
    generatedAt: now.toISOString(),
    release,
    protocols: pub.protocols,
    practices: practices.map((p) => {
      const adoption = latestReport<AdoptionReport>(db, p.id, 'adoption');
      const acks = latestReport<AcknowledgementsReport>(db, p.id, 'acknowledgements');
      const wf = latestReport<WorkforceReport>(db, p.id, 'workforce');
      const held = new Map((adoption?.items ?? []).map((i) => [i.id, i]));
      const cells = pub.protocols.map((m) => {
        const item = held.get(m.id);
        const adopted = item?.adopted ?? null;
        let status: CellStatus;
        // The hub judges against what it publishes now, not what the practice last saw.
        if (!adoption) status = 'no-report';
        else if (adopted !== null && adopted >= m.version) status = 'adopted';
        else if (item?.state === 'declined') status = 'declined';
        else status = m.effective !== null && m.effective <= today ? 'overdue' : 'pending';
        return { protocol: m.id, status, adopted, offered: m.version };
      });
      const signed = (acks?.protocols ?? []).reduce((a, x) => a + x.signed, 0);
      const toSign = (acks?.protocols ?? []).reduce((a, x) => a + x.toSign, 0);
      const roleIds = new Set<string>([...(wf?.roles ?? []).map((r) => r.role), ...pub.model.keys()]);
      return {
        id: p.id,
        ods: p.ods,
        name: p.name,
        lastSyncAt: adoption?.syncedAt ?? null,
        release: adoption?.release ?? null,
        cells,
        acknowledgements: acks ? { signed, toSign, peopleComplete: acks.people.complete, people: acks.people.total } : null,
        namedLeads: wf?.namedLeads
          ? { reported: true, gaps: wf.namedLeads.gaps.map((g) => ({ leadType: g.leadType, label: pub.leadLabels.get(g.leadType) ?? g.label ?? g.leadType, deputy: g.deputy })) }
          : { reported: false },
        workforce: wf
          ? {
              listSize: wf.listSize,
              asOf: wf.asOf,
              roles: [...roleIds]
                .map((role) => ({
                  role,
                  label: pub.labels.get(role) ?? role,
                  wte: wf.roles.find((r) => r.role === role)?.wte ?? 0,
                  target: Math.round(((pub.model.get(role) ?? 0) * wf.listSize) / 100) / 100,
                }))
                .filter((r) => r.wte > 0 || r.target > 0)
                .sort((a, b) => b.target - a.target || a.label.localeCompare(b.label)),
            }
          : null,
      };
    }),
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function when(iso: string | null): string {
  if (!iso) return 'Never';
  const d = new Date(iso);
  return `${d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' })} at ${d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' })}`;
}

const CELL: Record<CellStatus, { tag: string; text: (c: { adopted: number | null; offered: number }) => string }> = {
  adopted: { tag: 'nhsuk-tag--green', text: (c) => `Adopted v${c.adopted ?? '?'}` },
  pending: { tag: 'nhsuk-tag--blue', text: (c) => (c.adopted === null ? `Pending v${c.offered}` : `Pending: v${c.adopted} → v${c.offered}`) },
  overdue: { tag: 'nhsuk-tag--red', text: (c) => (c.adopted === null ? `Overdue v${c.offered}` : `Overdue: v${c.adopted} → v${c.offered}`) },
  declined: { tag: 'nhsuk-tag--grey', text: () => 'Declined' },
  'no-report': { tag: 'nhsuk-tag--white', text: () => 'No report yet' },
};

/** WTE by role against the model, as horizontal bars: actual filled, target as an outlined bar. */
function chart(p: PracticeRow): string {
  const wf = p.workforce;
  if (!wf || wf.roles.length === 0) return '<p class="nhsuk-body">No workforce report from this practice yet.</p>';
  const max = Math.max(1, ...wf.roles.map((r) => Math.max(r.wte, r.target)));
  const labelW = 230;
  const barW = 360;
  const rowH = 30;
  const h = wf.roles.length * rowH + 30;
  const scale = (v: number) => Math.round((v / max) * barW);
  const id = `chart-${esc(p.id)}`;
  const rows = wf.roles
    .map((r, i) => {
      const y = 10 + i * rowH;
      return `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" font-size="14" fill="#212b32">${esc(r.label)}</text>
<rect x="${labelW}" y="${y + 2}" width="${Math.max(1, scale(r.target))}" height="20" fill="#ffffff" stroke="#425563" stroke-width="2" stroke-dasharray="4 2"/>
<rect x="${labelW}" y="${y + 6}" width="${Math.max(r.wte > 0 ? 2 : 0, scale(r.wte))}" height="12" fill="#005eb8"/>
<text x="${labelW + barW + 8}" y="${y + 15}" font-size="14" fill="#212b32">${r.wte} / ${r.target}</text>`;
    })
    .join('\n');
  return `<figure class="spoke-chart">
<svg role="img" aria-labelledby="${id}-title" viewBox="0 0 ${labelW + barW + 110} ${h}" width="100%" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">WTE by role at ${esc(p.name)} against the workforce model for ${wf.listSize.toLocaleString('en-GB')} patients</title>
${rows}
</svg>
<figcaption class="nhsuk-body-s">Solid bar: WTE in post (as of ${esc(wf.asOf)}). Dashed outline: the model's target for a list of ${wf.listSize.toLocaleString('en-GB')} patients. Figures: in post / target.</figcaption>
</figure>
<details class="nhsuk-details"><summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">WTE by role as a table</span></summary>
<div class="nhsuk-details__text"><table class="nhsuk-table"><caption class="nhsuk-table__caption nhsuk-u-visually-hidden">WTE by role at ${esc(p.name)}</caption>
<thead class="nhsuk-table__head"><tr class="nhsuk-table__row"><th scope="col" class="nhsuk-table__header">Role</th><th scope="col" class="nhsuk-table__header">WTE in post</th><th scope="col" class="nhsuk-table__header">Model target</th></tr></thead>
<tbody class="nhsuk-table__body">${wf.roles.map((r) => `<tr class="nhsuk-table__row"><td class="nhsuk-table__cell">${esc(r.label)}</td><td class="nhsuk-table__cell">${r.wte}</td><td class="nhsuk-table__cell">${r.target}</td></tr>`).join('')}</tbody></table></div></details>`;
}

function page(title: string, body: string, signedIn: boolean): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} – Spoke hub</title>
<link rel="stylesheet" href="/dashboard/assets/nhsuk.css">
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
</head>
<body>
<a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
<header class="nhsuk-header" role="banner"><div class="nhsuk-header__container nhsuk-width-container spoke-hub-header">
<span class="nhsuk-header__service-name spoke-hub-service">Spoke hub · central dashboard</span>
${signedIn ? '<form method="post" action="/dashboard/sign-out"><button class="nhsuk-button nhsuk-button--reverse nhsuk-u-margin-bottom-0" type="submit">Sign out</button></form>' : ''}
</div></header>
<div class="nhsuk-width-container spoke-hub-width"><main class="nhsuk-main-wrapper" id="maincontent">
${body}
</main></div>
</body>
</html>`;
}

export function signInPage(problem: string | null): string {
  const error = problem
    ? `<div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1"><h2 class="nhsuk-error-summary__title" id="error-summary-title">There is a problem</h2><div class="nhsuk-error-summary__body"><ul class="nhsuk-list nhsuk-error-summary__list"><li><a href="#token">${esc(problem)}</a></li></ul></div></div>`
    : '';
  return page(
    'Sign in',
    `${error}<h1>Sign in to the central dashboard</h1>
<p class="nhsuk-body">Use a dashboard token created on the hub with <code>hub dashboard-token --data DIR</code>. A practice's enrolment token does not work here.</p>
<form method="post" action="/dashboard/sign-in" novalidate>
<div class="nhsuk-form-group${problem ? ' nhsuk-form-group--error' : ''}">
<label class="nhsuk-label" for="token">Dashboard token</label>
${problem ? `<span class="nhsuk-error-message" id="token-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${esc(problem)}</span>` : ''}
<input class="nhsuk-input${problem ? ' nhsuk-input--error' : ''}" id="token" name="token" type="password" autocomplete="off" spellcheck="false"${problem ? ' aria-describedby="token-error"' : ''}>
</div>
<button class="nhsuk-button" type="submit">Sign in</button>
</form>`,
    false,
  );
}

export function dashboardPage(d: DashboardData): string {
  const head = d.protocols.map((m) => `<th scope="col" class="nhsuk-table__header">${esc(m.title)} <span class="nhsuk-body-s">(v${m.version}${m.effective ? `, effective ${esc(m.effective)}` : ''})</span></th>`).join('');
  const rows = d.practices
    .map((p) => {
      const cells = p.cells
        .map((c) => {
          const s = CELL[c.status];
          return `<td class="nhsuk-table__cell" data-protocol="${esc(c.protocol)}" data-status="${c.status}"><strong class="nhsuk-tag ${s.tag}">${esc(s.text(c))}</strong></td>`;
        })
        .join('');
      return `<tr class="nhsuk-table__row" data-practice="${esc(p.ods)}"><th scope="row" class="nhsuk-table__header">${esc(p.name)} <span class="nhsuk-body-s">${esc(p.ods)}</span></th>${cells}</tr>`;
    })
    .join('\n');
  const practices = d.practices
    .map((p) => {
      const overdue = p.cells.filter((c) => c.status === 'overdue').length;
      const pending = p.cells.filter((c) => c.status === 'pending').length;
      const acks = p.acknowledgements;
      const leads = p.namedLeads.reported
        ? p.namedLeads.gaps.length === 0
          ? 'No gaps'
          : p.namedLeads.gaps.map((g) => `${esc(g.label)}${g.deputy ? ' (deputy)' : ''}`).join(', ')
        : 'Not reported: this practice’s version of Spoke does not keep named leads yet';
      return `<section class="spoke-practice" aria-labelledby="p-${esc(p.id)}" data-practice="${esc(p.ods)}">
<h2 id="p-${esc(p.id)}">${esc(p.name)} <span class="nhsuk-caption-m">${esc(p.ods)}</span></h2>
<dl class="nhsuk-summary-list">
<div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Last sync</dt><dd class="nhsuk-summary-list__value" data-field="last-sync">${esc(when(p.lastSyncAt))}${p.release !== null ? ` (release ${p.release})` : ''}</dd></div>
<div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Mandatory protocols</dt><dd class="nhsuk-summary-list__value" data-field="mandatory">${p.lastSyncAt === null ? 'No report yet' : overdue + pending === 0 ? 'Up to date' : `${overdue} overdue, ${pending} pending`}</dd></div>
<div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Read and signed</dt><dd class="nhsuk-summary-list__value" data-field="acknowledgements">${acks ? `${acks.signed} of ${acks.signed + acks.toSign} signatures; ${acks.peopleComplete} of ${acks.people} people complete` : 'No report yet'}</dd></div>
<div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Named-lead gaps</dt><dd class="nhsuk-summary-list__value" data-field="named-leads">${leads}</dd></div>
</dl>
<h3>WTE by role against the workforce model</h3>
${chart(p)}
</section>`;
    })
    .join('\n');
  return page(
    'Central dashboard',
    `<h1>Where every practice stands</h1>
<p class="nhsuk-body">Release ${d.release} is the hub’s current release. Generated ${esc(when(d.generatedAt))}. Each practice reports when it syncs.</p>
${
  d.practices.length === 0
    ? '<p class="nhsuk-body">No practices are enrolled yet.</p>'
    : `<div class="spoke-scroll" tabindex="0" role="region" aria-label="Mandatory protocols by practice"><table class="nhsuk-table" data-testid="matrix">
<caption class="nhsuk-table__caption">Mandatory protocols by practice</caption>
<thead class="nhsuk-table__head"><tr class="nhsuk-table__row"><th scope="col" class="nhsuk-table__header">Practice</th>${head}</tr></thead>
<tbody class="nhsuk-table__body">${rows}</tbody></table></div>
${practices}`
}`,
    true,
  );
}

export const DASHBOARD_CSS = `
.spoke-hub-width { max-width: 1400px; padding: 0 32px; }
.spoke-hub-header { display: flex; align-items: center; justify-content: space-between; padding: 12px 16px; }
.spoke-hub-service { color: #ffffff; font-weight: 600; font-size: 1.2rem; }
.spoke-scroll { overflow-x: auto; margin-bottom: 32px; }
.spoke-scroll:focus { outline: 4px solid #ffeb3b; box-shadow: 0 0 0 8px #212b32; }
.spoke-practice { border-top: 2px solid #d8dde0; padding-top: 16px; margin-bottom: 32px; }
.spoke-chart { margin: 0 0 16px; max-width: 760px; }
.nhsuk-table__header .nhsuk-body-s { display: block; font-weight: normal; margin: 0; }
`;

/** nhsuk-frontend's stylesheet from node_modules, without the remote web font. */
export function nhsukCss(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = path.join(dir, 'node_modules', 'nhsuk-frontend', 'dist', 'nhsuk', 'nhsuk-frontend.min.css');
    if (fs.existsSync(file)) {
      return fs
        .readFileSync(file, 'utf8')
        .replace(/@font-face\s*\{[^}]*\}/g, '')
        .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
    }
    dir = path.dirname(dir);
  }
  return '';
}
