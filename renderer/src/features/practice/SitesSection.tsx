import { useState, type FormEvent } from 'react';
import type { Site } from '../../../../shared/contract/practice';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Section } from '../../components/Section';
import { ACTIONS_COLUMN, Table } from '../../components/Table';
import { TextField } from '../../components/TextField';
import { formErrorsFrom, formErrorsOf, type FormErrors } from '../../forms';
import { useSpoke } from '../../store';
import { FormActions } from '../../components/FormActions';

type SiteField = 'name';
const siteFieldFor = (path: string): SiteField | null => (path === 'name' ? 'name' : null);

/** One site-name form: adds a site when `site` is absent, renames it otherwise. */
function SiteNameForm({ site, onDone }: { site?: Site; onDone: () => void }) {
  const saveSite = useSpoke((s) => s.saveSite);
  const showBanner = useSpoke((s) => s.showBanner);
  const [name, setName] = useState(site?.name ?? '');
  const [errors, setErrors] = useState<FormErrors<SiteField> | null>(null);
  const [saving, setSaving] = useState(false);
  const id = site ? `site-name-${site.id}` : 'site-name-new';
  const targetId = () => id;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    const missing = formErrorsOf<SiteField>({ name: name.trim() === '' ? 'Enter site name' : undefined });
    if (missing) {
      setErrors(missing);
      return;
    }
    setSaving(true);
    try {
      const practice = await saveSite(site ? { id: site.id, name, expectedUpdatedAt: site.updatedAt } : { name });
      // The name as stored (the text policy tidies spaces), not as typed.
      const saved = site ? practice.sites.find((x) => x.id === site.id)?.name : practice.sites[practice.sites.length - 1]?.name;
      showBanner({ kind: 'success', message: site ? `Renamed ${site.name} to ${saved ?? name}` : `Added ${saved ?? name}` });
      onDone();
    } catch (err) {
      setErrors(formErrorsFrom(err, siteFieldFor));
      setSaving(false);
    }
  }

  return (
    <form className="spoke-form" noValidate onSubmit={(e) => void submit(e)} aria-label={site ? `Rename ${site.name}` : 'Add a site'}>
      {errors ? <ErrorSummary errors={errors} targetId={targetId} /> : null}
      <TextField
        id={id}
        label={site ? `New name for ${site.name}` : 'Site name'}
        width="nhsuk-u-width-two-thirds"
        value={name}
        error={errors?.fields.name}
        onChange={setName}
      />
      <FormActions submit={site ? 'Save name' : 'Add site'} onCancel={onDone} />
    </form>
  );
}

/** Settings → Sites: the practice's surgeries; a practice manager can add and rename them. */
export function SitesSection({ sites, canManage }: { sites: readonly Site[]; canManage: boolean }) {
  // null = no form open; 'new' = adding; otherwise the id of the site being renamed.
  const [editing, setEditing] = useState<string | null>(null);
  const renaming = sites.find((s) => s.id === editing);
  return (
    <Section headingId="sites-heading" title="Sites">
      <Table caption="Sites" captionHidden columns={['Site', 'Type', ...(canManage ? [ACTIONS_COLUMN] : [])]}>
        {sites.map((s) => (
          <tr className="nhsuk-table__row" key={s.id}>
            <td className="nhsuk-table__cell">{s.name}</td>
            <td className="nhsuk-table__cell">{s.isMain ? 'Main surgery' : 'Branch surgery'}</td>
            {canManage ? (
              <td className="nhsuk-table__cell">
                <button type="button" className="spoke-link-button" onClick={() => setEditing(s.id)}>
                  Rename<span className="nhsuk-u-visually-hidden"> {s.name}</span>
                </button>
              </td>
            ) : null}
          </tr>
        ))}
      </Table>
      {canManage && editing === null ? (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setEditing('new')}>
          Add a site
        </button>
      ) : null}
      {canManage && editing === 'new' ? <SiteNameForm onDone={() => setEditing(null)} /> : null}
      {canManage && renaming ? <SiteNameForm key={renaming.id} site={renaming} onDone={() => setEditing(null)} /> : null}
    </Section>
  );
}
