import { useEffect, useState, type FormEvent } from 'react';
import type { EvidenceReport, ProtocolDetail } from '../../../../shared/contract/protocols';
import type { Staff } from '../../../../shared/contract/staff';
import { offeredRoles } from '../../../../shared/domain/catalogue';
import { api, ApiError } from '../../api/client';
import { PageHeading } from '../../components/PageHeading';
import { Table } from '../../components/Table';
import { formatDateTime, fullName } from '../../format';
import { useSpoke } from '../../store';
import { Markdown } from './Markdown';

type Fields = 'title' | 'body' | 'ownerStaffId' | 'review' | 'roles' | 'change';

/** #/protocols/new and #/protocols/local/:id/edit: a local protocol in markdown, with a preview. */
export function LocalProtocolEditor({ id }: { id: string | null }) {
  const navigate = useSpoke((s) => s.navigate);
  const me = useSpoke((s) => s.status?.profile?.staffId ?? '');
  const [staff, setStaff] = useState<Staff[]>([]);
  const [loaded, setLoaded] = useState<ProtocolDetail | null>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [owner, setOwner] = useState(me);
  const [review, setReview] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  // The roles in use (the hub's once synced); a retired one stays listed while it is chosen.
  const cat = useSpoke((s) => s.catalogue);
  const roleChoices = [...offeredRoles(cat), ...cat.roles.filter((r) => r.retired && roles.includes(r.id))];
  const [change, setChange] = useState<'substantive' | 'minor'>('substantive');
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [preview, setPreview] = useState(false);

  useEffect(() => {
    void api('staff.list', { includeArchived: false }).then(setStaff, () => setStaff([]));
    if (id) {
      void api('protocols.get', { kind: 'local', id }).then((d) => {
        setLoaded(d);
        setTitle(d.title);
        setBody(d.inForceBody ?? '');
        setOwner(d.ownerStaffId ?? me);
        setReview(d.review ?? '');
        setRoles(d.roles);
      }, (err: unknown) => setProblem(err instanceof Error ? err.message : String(err)));
    }
  }, [id, me]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      const d = await api('protocols.saveLocal', {
        ...(id ? { id, expectedVersion: loaded?.offeredVersion ?? 1 } : {}),
        title,
        body,
        ownerStaffId: owner,
        review: review === '' ? null : review,
        roles,
        change,
      });
      navigate(`/protocols/local/${d.id}`, { kind: 'success', message: `Saved version ${d.offeredVersion} of ${d.title}.` });
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(err.fieldErrors);
        setProblem(err.message);
      } else setProblem(String(err));
    }
  };

  const field = (f: Fields) => (errors[f] ? ' nhsuk-form-group--error' : '');
  return (
    <>
      <a className="nhsuk-back-link" href="#/protocols">
        Back to protocols
      </a>
      <PageHeading title={id ? `Edit ${loaded?.title ?? 'local protocol'}` : 'Write a local protocol'} />
      {problem && (
        <div className="nhsuk-error-summary" role="alert">
          <h2 className="nhsuk-error-summary__title">There is a problem</h2>
          <div className="nhsuk-error-summary__body">
            <p>{problem}</p>
          </div>
        </div>
      )}
      <form onSubmit={(e) => void save(e)} noValidate>
        <div className={`nhsuk-form-group${field('title')}`}>
          <label className="nhsuk-label" htmlFor="local-title">
            Title
          </label>
          {errors.title && <span className="nhsuk-error-message">{errors.title}</span>}
          <input className="nhsuk-input" id="local-title" value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className={`nhsuk-form-group${field('body')}`}>
          <label className="nhsuk-label" htmlFor="local-body">
            Protocol text (markdown)
          </label>
          <div className="nhsuk-hint" id="local-body-hint">
            Headings start with #, lists with -. Links are shown to staff with a warning before they open.
          </div>
          {errors.body && <span className="nhsuk-error-message">{errors.body}</span>}
          <textarea className="nhsuk-textarea" id="local-body" rows={14} value={body} aria-describedby="local-body-hint" onChange={(e) => setBody(e.target.value)} />
        </div>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" aria-expanded={preview} onClick={() => setPreview(!preview)}>
          {preview ? 'Hide preview' : 'Preview'}
        </button>
        {preview && (
          <div className="spoke-preview" data-testid="local-preview">
            <Markdown text={body} />
          </div>
        )}
        <div className={`nhsuk-form-group${field('ownerStaffId')}`}>
          <label className="nhsuk-label" htmlFor="local-owner">
            Owner
          </label>
          {errors.ownerStaffId && <span className="nhsuk-error-message">{errors.ownerStaffId}</span>}
          <select className="nhsuk-select" id="local-owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {fullName(s)}
              </option>
            ))}
          </select>
        </div>
        <div className={`nhsuk-form-group${field('review')}`}>
          <label className="nhsuk-label" htmlFor="local-review">
            Review date
          </label>
          {errors.review && <span className="nhsuk-error-message">{errors.review}</span>}
          <input className="nhsuk-input nhsuk-input--width-10" id="local-review" type="date" value={review} onChange={(e) => setReview(e.target.value)} />
        </div>
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Who must read and sign it</legend>
          <div className="nhsuk-hint">Choose none for everyone.</div>
          {errors.roles && <span className="nhsuk-error-message">{errors.roles}</span>}
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small spoke-columns">
            {roleChoices.map((r) => (
              <div className="nhsuk-checkboxes__item" key={r.id}>
                <input
                  className="nhsuk-checkboxes__input"
                  id={`local-role-${r.id}`}
                  type="checkbox"
                  checked={roles.includes(r.id)}
                  onChange={(e) => setRoles(e.target.checked ? [...roles, r.id] : roles.filter((x) => x !== r.id))}
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`local-role-${r.id}`}>
                  {r.retired ? `${r.label} (retired role)` : r.label}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        {id && (
          <fieldset className="nhsuk-fieldset">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Is this change substantive?</legend>
            <div className="nhsuk-hint">A substantive change asks staff to sign again; a minor one does not.</div>
            <div className="nhsuk-radios nhsuk-radios--inline">
              {(['substantive', 'minor'] as const).map((k) => (
                <div className="nhsuk-radios__item" key={k}>
                  <input className="nhsuk-radios__input" id={`local-change-${k}`} type="radio" name="local-change" checked={change === k} onChange={() => setChange(k)} />
                  <label className="nhsuk-label nhsuk-radios__label" htmlFor={`local-change-${k}`}>
                    {k === 'substantive' ? 'Substantive' : 'Minor'}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        )}
        <button type="submit" className="nhsuk-button">
          Save
        </button>
      </form>
    </>
  );
}

/** #/protocols/:kind/:id/evidence: who adopted and who signed which version when, for printing. */
export function EvidencePage({ kind, id }: { kind: 'central' | 'local'; id: string }) {
  const [r, setR] = useState<EvidenceReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    void api('protocols.evidence', { kind, id }).then(setR, (err: unknown) => setProblem(err instanceof Error ? err.message : String(err)));
  }, [kind, id]);
  if (problem) return <PageHeading title="Evidence report">{<p className="nhsuk-body">{problem}</p>}</PageHeading>;
  if (!r) return <PageHeading title="Evidence report" />;
  const v = r.inForce.version === null ? 'not adopted' : `version ${r.inForce.version}${r.inForce.addendumVersion !== null ? ` with local addendum version ${r.inForce.addendumVersion}` : ''}`;
  return (
    <>
      <a className="nhsuk-back-link spoke-no-print" href={`#/protocols/${kind}/${encodeURIComponent(id)}`}>
        Back to the protocol
      </a>
      <PageHeading title={`Evidence: ${r.title}`} caption={r.practice} />
      <p className="nhsuk-body">
        In force: {v}. Report made {formatDateTime(r.generatedAt)}.
      </p>
      <button type="button" className="nhsuk-button nhsuk-button--secondary spoke-no-print" onClick={() => window.print()}>
        Print
      </button>
      {r.adoptions.length > 0 && (
        <Table caption="Adoption" columns={['When', 'What', 'By']}>
          {r.adoptions.map((a, i) => (
            <tr key={i} className="nhsuk-table__row">
              <td className="nhsuk-table__cell">{formatDateTime(a.at)}</td>
              <td className="nhsuk-table__cell">{a.action === 'adopt' ? `Adopted version ${a.version}${a.addendumVersion !== null ? ` with addendum ${a.addendumVersion}` : ''}` : `Declined: ${a.reason ?? ''}`}</td>
              <td className="nhsuk-table__cell">{a.by}</td>
            </tr>
          ))}
        </Table>
      )}
      <Table caption="Signatures" columns={['Name', 'Role', 'Version signed', 'When']} testId="evidence-signatures">
        {r.signatures.map((s, i) => (
          <tr key={i} className="nhsuk-table__row">
            <td className="nhsuk-table__cell">{s.name}</td>
            <td className="nhsuk-table__cell">{s.role}</td>
            <td className="nhsuk-table__cell">
              {s.version}
              {s.addendumVersion !== null ? ` (addendum ${s.addendumVersion})` : ''}
            </td>
            <td className="nhsuk-table__cell">{formatDateTime(s.at)}</td>
          </tr>
        ))}
      </Table>
      <h2>Not yet signed the version in force</h2>
      {r.outstanding.length === 0 ? (
        <p className="nhsuk-body">Everyone it applies to has signed.</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--bullet">
          {r.outstanding.map((o, i) => (
            <li key={i}>
              {o.name} ({o.role})
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** #/protocols/people: completion per person, for chasing. */
export function PeoplePage() {
  const [rows, setRows] = useState<{ staffId: string; name: string; role: string; applies: number; signed: number; outstanding: string[] }[] | null>(null);
  useEffect(() => {
    void api('protocols.people', {}).then(setRows, () => setRows([]));
  }, []);
  return (
    <>
      <a className="nhsuk-back-link" href="#/protocols">
        Back to protocols
      </a>
      <PageHeading title="Read and sign: completion by person" />
      {rows && (
        <Table caption="Completion by person" captionHidden columns={['Name', 'Role', 'Signed', 'Still to sign']} testId="people">
          {rows.map((r) => (
            <tr key={r.staffId} className="nhsuk-table__row">
              <td className="nhsuk-table__cell">{r.name}</td>
              <td className="nhsuk-table__cell">{r.role}</td>
              <td className="nhsuk-table__cell">
                {r.signed} of {r.applies}
              </td>
              <td className="nhsuk-table__cell">{r.outstanding.length === 0 ? 'Up to date' : r.outstanding.join('; ')}</td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
