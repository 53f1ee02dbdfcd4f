import { useEffect, useState, type FormEvent } from 'react';
import type { ProtocolDetail } from '../../../../shared/contract/protocols';
import type { DiffBlock } from '../../../../shared/protocols/diff';
import { api, ApiError } from '../../api/client';
import { PageHeading } from '../../components/PageHeading';
import { SelectField } from '../../components/SelectField';
import { SummaryList } from '../../components/SummaryList';
import { Table } from '../../components/Table';
import { Tag } from '../../components/Tag';
import { formatDate, formatDateTime } from '../../format';
import { useSpoke } from '../../store';
import { selectAppRole } from '../app/slice';
import { DiffView, Markdown } from './Markdown';
import { STATE_TAG } from './ProtocolsPage';
import { selectProtocol } from './slice';

function Problem({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div className="nhsuk-error-summary" role="alert" data-testid="protocol-problem">
      <h2 className="nhsuk-error-summary__title">There is a problem</h2>
      <div className="nhsuk-error-summary__body">
        <p>{message}</p>
      </div>
    </div>
  );
}

const messageOf = (err: unknown) => (err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err));

/** Compare any two versions of the central text (or a local protocol), as a readable diff. */
function CompareVersions({ p }: { p: ProtocolDetail }) {
  const versions = p.versions.map((v) => v.version);
  const [from, setFrom] = useState(versions[1] ?? versions[0] ?? 1);
  const [to, setTo] = useState(versions[0] ?? 1);
  const [compared, setCompared] = useState<{ blocks: DiffBlock[]; label: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (versions.length < 2) return null;
  const compare = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    try {
      const d = await api('protocols.diff', { kind: p.kind, id: p.id, from, to });
      setCompared({ blocks: d.blocks, label: `version ${from} to version ${to}` });
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  return (
    <section aria-labelledby="compare-heading">
      <h2 id="compare-heading">Compare two versions</h2>
      <form onSubmit={(e) => void compare(e)} className="spoke-inline-form">
        <VersionSelect id="compare-from" label="From version" versions={versions} value={from} onChange={setFrom} />
        <VersionSelect id="compare-to" label="To version" versions={versions} value={to} onChange={setTo} />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary">
          Compare
        </button>
      </form>
      <Problem message={problem} />
      {compared && (
        <>
          <h3>Changes from {compared.label}</h3>
          <DiffView blocks={compared.blocks} testId="compare-diff" />
        </>
      )}
    </section>
  );
}

function AddendumEditor({ p, onSaved }: { p: ProtocolDetail; onSaved: (d: ProtocolDetail) => void }) {
  const [body, setBody] = useState(p.addendum?.body ?? '');
  const [change, setChange] = useState<'substantive' | 'minor'>('substantive');
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setSaved(null);
    try {
      const d = await api('protocols.saveAddendum', { id: p.id, expectedVersion: p.addendum?.version ?? 0, body, change });
      onSaved(d);
      setSaved(`Addendum version ${d.addendum?.version ?? '?'} saved.`);
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  return (
    <form onSubmit={(e) => void save(e)} noValidate data-testid="addendum-form">
      <Problem message={problem} />
      <div className="nhsuk-form-group">
        <label className="nhsuk-label nhsuk-label--s" htmlFor="addendum-body">
          Local addendum (markdown)
        </label>
        <div className="nhsuk-hint" id="addendum-hint">
          What this practice adds to the central text: local contacts, rooms, who does what here. Kept when the central text changes.
        </div>
        <textarea className="nhsuk-textarea" id="addendum-body" rows={8} value={body} aria-describedby="addendum-hint" onChange={(e) => setBody(e.target.value)} />
      </div>
      {p.addendum && (
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Is this change substantive?</legend>
          <div className="nhsuk-hint">A substantive change asks staff to read and sign again; a minor one (typing, formatting) does not.</div>
          <div className="nhsuk-radios nhsuk-radios--inline">
            {(['substantive', 'minor'] as const).map((k) => (
              <div className="nhsuk-radios__item" key={k}>
                <input className="nhsuk-radios__input" id={`addendum-change-${k}`} type="radio" name="addendum-change" checked={change === k} onChange={() => setChange(k)} />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`addendum-change-${k}`}>
                  {k === 'substantive' ? 'Substantive' : 'Minor'}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      )}
      {body.trim() !== '' && (
        <details className="nhsuk-details">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Preview the addendum</span>
          </summary>
          <div className="nhsuk-details__text">
            <Markdown text={body} />
          </div>
        </details>
      )}
      <button type="submit" className="nhsuk-button nhsuk-button--secondary">
        Save addendum
      </button>
      <div aria-live="polite">{saved && <p className="nhsuk-body">{saved}</p>}</div>
    </form>
  );
}

function LeadActions({ p, onDone }: { p: ProtocolDetail; onDone: (d: ProtocolDetail) => void }) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [declining, setDeclining] = useState(false);
  const pending = p.inForce.version !== p.offeredVersion && p.state !== 'declined';
  if (!pending) return null;
  const adopt = async () => {
    setProblem(null);
    try {
      onDone(await api('protocols.adopt', { id: p.id, version: p.offeredVersion }));
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  const decline = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    try {
      onDone(await api('protocols.decline', { id: p.id, version: p.offeredVersion, reason }));
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  return (
    <section aria-labelledby="decide-heading" className="spoke-decide">
      <h2 id="decide-heading">Adopt version {p.offeredVersion}</h2>
      <Problem message={problem} />
      <p className="nhsuk-body">
        Adopting makes version {p.offeredVersion}
        {p.addendum ? ` with local addendum version ${p.addendum.version}` : ''} the text staff read, and records you and the time.
      </p>
      <div className="nhsuk-button-group">
        <button type="button" className="nhsuk-button" onClick={() => void adopt()}>
          Adopt version {p.offeredVersion}
        </button>
        {!p.mandatory && p.inForce.version === null && (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setDeclining(true)}>
            Decline
          </button>
        )}
      </div>
      {declining && (
        <form onSubmit={(e) => void decline(e)} noValidate>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="decline-reason">
              Why is the practice declining this optional protocol?
            </label>
            <textarea className="nhsuk-textarea" id="decline-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="submit" className="nhsuk-button nhsuk-button--warning">
            Decline version {p.offeredVersion}
          </button>
        </form>
      )}
    </section>
  );
}

function SignBox({ p, onSigned }: { p: ProtocolDetail; onSigned: (d: ProtocolDetail) => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const mine = p.mine;
  if (!mine) return null;
  const sign = async () => {
    setProblem(null);
    try {
      onSigned(await api('protocols.sign', { kind: p.kind, id: p.id, version: mine.version, addendumVersion: mine.addendumVersion }));
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  return (
    <div className="nhsuk-card nhsuk-card--feature" data-testid="sign-box">
      <div className="nhsuk-card__content nhsuk-card__content--feature">
        <h2 className="nhsuk-card__heading nhsuk-card__heading--feature">{mine.again ? 'Changed since you signed: read and sign again' : 'Read and sign'}</h2>
        <Problem message={problem} />
        <p className="nhsuk-card__description">
          Read the text below (version {mine.version}
          {mine.addendumVersion !== null ? ` with local addendum version ${mine.addendumVersion}` : ''}), then sign to confirm you have read it.
        </p>
        <button type="button" className="nhsuk-button nhsuk-u-margin-bottom-0" onClick={() => void sign()}>
          I have read version {mine.version}
          {mine.addendumVersion !== null ? ` (addendum ${mine.addendumVersion})` : ''}
        </button>
      </div>
    </div>
  );
}

/** #/protocols/central/:id and #/protocols/local/:id */
export function ProtocolPage({ kind, id }: { kind: 'central' | 'local'; id: string }) {
  const p = useSpoke(selectProtocol);
  const error = useSpoke((s) => s.protocolError);
  const load = useSpoke((s) => s.loadProtocol);
  const setProtocol = useSpoke((s) => s.setProtocol);
  const role = useSpoke(selectAppRole);
  const navigate = useSpoke((s) => s.navigate);
  const [done, setDone] = useState<string | null>(null);
  // Which protocol this visit has loaded: a protocol still in the store from an earlier
  // visit is not drawn (and then drawn again) while the fresh one is on its way.
  const [loaded, setLoaded] = useState<string | null>(null);
  const visit = useSpoke((s) => s.navigationCount);
  useEffect(() => {
    let live = true;
    void load(kind, id, visit).then(() => {
      if (live) setLoaded(`${kind}:${id}`);
    });
    return () => {
      live = false;
    };
  }, [load, kind, id, visit]);
  // The core computes the diff once per version pair: the page only draws it.
  const diff = p?.diff ?? null;
  if (error) {
    return (
      <>
        <PageHeading title="Protocol not found" />
        <p className="nhsuk-body">{error}</p>
        <a href="#/protocols">Back to protocols</a>
      </>
    );
  }
  if (!p || p.id !== id || loaded !== `${kind}:${id}`) return <PageHeading title="Protocol" />;
  const lead = role === 'clinical_lead';
  const governance = lead || role === 'practice_manager';
  const update = (d: ProtocolDetail, message: string) => {
    setProtocol(d);
    setDone(message);
  };
  const tag = STATE_TAG[p.state];
  const readText = p.inForceBody;
  return (
    <>
      <a className="nhsuk-back-link" href="#/protocols">
        Back to protocols
      </a>
      <PageHeading title={p.title} caption={p.kind === 'local' ? 'Local protocol' : `${p.category} · central protocol`} />
      <div aria-live="polite">{done && <div className="nhsuk-inset-text" data-testid="protocol-done"><p>{done}</p></div>}</div>
      <p>
        <Tag colour={tag.colour}>{tag.text}</Tag>
      </p>
      <SummaryList
        rows={[
          ...(p.kind === 'central'
            ? ([
                ['Mandatory', p.mandatory ? 'Yes' : 'No, optional'],
                ['Offered by the hub', `Version ${p.offeredVersion}`],
                ['In force in this practice', p.inForce.version === null ? 'Not adopted yet' : `Version ${p.inForce.version}${p.inForce.addendumVersion !== null ? ` with local addendum version ${p.inForce.addendumVersion}` : ''}`],
                ['Effective', p.effective ? formatDate(p.effective) : 'No date set'],
              ] as const)
            : ([
                ['Version', String(p.offeredVersion)],
                ['Owner', p.owner ?? 'Unknown'],
              ] as const)),
          ['Review', p.review ? formatDate(p.review) : 'No date set'],
          ['Applies to', p.roles.length === 0 ? 'Everyone' : `${p.roles.length} role${p.roles.length === 1 ? '' : 's'}`],
        ]}
      />
      <SignBox p={p} onSigned={(d) => update(d, 'Signed. Thank you.')} />
      {lead && p.kind === 'central' && <LeadActions p={p} onDone={(d) => update(d, d.state === 'declined' ? 'Declined, with your reason recorded.' : `Version ${d.inForce.version ?? '?'} adopted.`)} />}
      {p.kind === 'central' && p.inForce.version !== p.offeredVersion && (
        <section aria-labelledby="changes-heading">
          <h2 id="changes-heading">{diff ? `What changed centrally: version ${p.inForce.version ?? '?'} to version ${p.offeredVersion}` : `Version ${p.offeredVersion} as offered`}</h2>
          {diff ? <DiffView blocks={diff} testId="protocol-diff" /> : <Markdown text={p.offeredBody} testId="offered-text" />}
        </section>
      )}
      <div className="spoke-protocol-columns">
        <section aria-labelledby="text-heading" className="spoke-protocol-text">
          <h2 id="text-heading">{p.kind === 'central' ? `The text staff read${p.inForce.version !== null ? ` (version ${p.inForce.version})` : ''}` : 'The protocol'}</h2>
          {readText === null ? <p className="nhsuk-body">Staff read nothing from this protocol until it is adopted.</p> : <Markdown text={readText} testId="in-force-text" />}
        </section>
        {p.kind === 'central' && (
          <section aria-labelledby="addendum-heading" className="spoke-addendum" data-testid="addendum">
            <h2 id="addendum-heading">
              <Tag colour="purple">Local</Tag> This practice’s addendum
            </h2>
            {p.addendum && p.addendum.body !== '' ? <Markdown text={p.addendum.body} testId="addendum-text" /> : <p className="nhsuk-body">No local addendum.</p>}
            {lead && <AddendumEditor key={p.addendum?.version ?? 0} p={p} onSaved={(d) => update(d, `Addendum version ${d.addendum?.version ?? '?'} saved.`)} />}
          </section>
        )}
      </div>
      <CompareVersions p={p} />
      <h2>Versions</h2>
      <Table caption={p.kind === 'central' ? 'Central versions held by this practice' : 'Versions'} columns={['Version', 'Change', p.kind === 'central' ? 'Summary' : 'Title', 'When', 'By']} testId="versions">
        {p.versions.map((v) => (
          <tr key={v.version} className="nhsuk-table__row">
            <td className="nhsuk-table__cell">{v.version}</td>
            <td className="nhsuk-table__cell">{v.changeKind === 'minor' ? 'Minor' : 'Substantive'}</td>
            <td className="nhsuk-table__cell">{v.summary || '–'}</td>
            <td className="nhsuk-table__cell">{formatDateTime(v.at)}</td>
            <td className="nhsuk-table__cell">{v.by}</td>
          </tr>
        ))}
      </Table>
      {p.addendumVersions.length > 0 && (
        <Table caption="Local addendum versions" columns={['Version', 'Change', 'When', 'By']} testId="addendum-versions">
          {p.addendumVersions.map((v) => (
            <tr key={v.version} className="nhsuk-table__row">
              <td className="nhsuk-table__cell">{v.version}</td>
              <td className="nhsuk-table__cell">{v.changeKind === 'minor' ? 'Minor' : 'Substantive'}</td>
              <td className="nhsuk-table__cell">{formatDateTime(v.at)}</td>
              <td className="nhsuk-table__cell">{v.by}</td>
            </tr>
          ))}
        </Table>
      )}
      {p.kind === 'central' && (
        <>
          <h2>Adoption history</h2>
          {p.history.length === 0 ? (
            <p className="nhsuk-body">Not adopted or declined yet.</p>
          ) : (
            <Table caption="Adoption history" captionHidden columns={['When', 'What', 'By']} testId="adoption-history">
              {p.history.map((h, i) => (
                <tr key={i} className="nhsuk-table__row">
                  <td className="nhsuk-table__cell">{formatDateTime(h.at)}</td>
                  <td className="nhsuk-table__cell">
                    {h.action === 'adopt'
                      ? `Adopted version ${h.version}${h.addendumVersion !== null ? ` with addendum version ${h.addendumVersion}` : ''}`
                      : `Declined version ${h.version}: ${h.reason ?? ''}`}
                  </td>
                  <td className="nhsuk-table__cell">{h.by}</td>
                </tr>
              ))}
            </Table>
          )}
        </>
      )}
      {governance && p.inForce.version !== null && (
        <>
          <h2>Read and signed</h2>
          <Table caption="Who has signed the version in force" captionHidden columns={['Name', 'Role', 'Signed', 'Status']} testId="completion">
            {p.completion.map((c) => (
              <tr key={c.staffId} className="nhsuk-table__row">
                <td className="nhsuk-table__cell">{c.name}</td>
                <td className="nhsuk-table__cell">{c.role}</td>
                <td className="nhsuk-table__cell">
                  {c.signedAt ? `Version ${c.signedVersion ?? '?'}${c.signedAddendumVersion !== null ? ` (addendum ${c.signedAddendumVersion})` : ''}, ${formatDateTime(c.signedAt)}` : 'Not signed'}
                </td>
                <td className="nhsuk-table__cell">{c.needsSignature ? <Tag colour="red">To sign</Tag> : <Tag colour="green">Signed</Tag>}</td>
              </tr>
            ))}
          </Table>
          <div className="nhsuk-button-group">
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => navigate(`/protocols/${p.kind}/${encodeURIComponent(p.id)}/evidence`)}>
              Evidence report
            </button>
            {p.kind === 'local' && (
              <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => navigate(`/protocols/local/${p.id}/edit`)}>
                Edit this protocol
              </button>
            )}
          </div>
        </>
      )}
    </>
  );
}

function VersionSelect(props: { id: string; label: string; versions: readonly number[]; value: number; onChange: (v: number) => void }) {
  return (
    <SelectField id={props.id} label={props.label} value={String(props.value)} onChange={(v) => props.onChange(Number(v))}>
      {props.versions.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </SelectField>
  );
}
