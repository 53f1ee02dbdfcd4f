import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ErrorSummary } from '../../components/ErrorSummary';
import { FieldsetGroup } from '../../components/FormGroup';
import { PageHeading } from '../../components/PageHeading';
import { TextField } from '../../components/TextField';
import { formErrorsFrom, type FormErrors } from '../../forms';
import { useSpoke } from '../../store';

type SetupField = 'name' | 'odsCode' | 'listSize' | 'givenName' | 'familyName' | `site-${number}`;

const MAX_SITES = 12;

function setupFieldFor(path: string): SetupField | null {
  if (path === 'name' || path === 'odsCode' || path === 'listSize') return path;
  if (path === 'manager.givenName') return 'givenName';
  if (path === 'manager.familyName') return 'familyName';
  const site = /^sites(?:\.(\d+))?/.exec(path);
  if (site) return `site-${Number(site[1] ?? 0)}`;
  return null;
}

const setupTargetId = (f: SetupField): string => `setup-${f}`;

/** "14,250" and "14 250" are how people write list sizes; anything else goes to the server as-is to be refused. */
function parseListSize(raw: string): number {
  const cleaned = raw.replace(/[,\s]/g, '');
  return cleaned === '' ? Number.NaN : Number(cleaned);
}

/** First run: an empty data folder. Try the fictional practice, or set up your own. */
export function FirstRunPage() {
  const openDemo = useSpoke((s) => s.openDemo);
  const [settingUp, setSettingUp] = useState(false);
  const [opening, setOpening] = useState(false);

  return (
    <>
      <PageHeading title="Welcome to Spoke" />
      <p className="nhsuk-body-l">
        Spoke keeps your practice&apos;s staff, MDT workforce and, in later versions, rota and protocols on this
        computer. It works without an internet connection.
      </p>
      <div className="nhsuk-grid-row spoke-first-run">
        <div className="nhsuk-grid-column-one-half">
          <div className="nhsuk-card">
            <div className="nhsuk-card__content">
              <h2 className="nhsuk-card__heading">Try Spoke with a fictional practice</h2>
              <p className="nhsuk-card__description">
                Spokeford Medical Practice is made up: its staff, names and registration numbers are fictional. Use it
                to look around safely.
              </p>
              <button
                type="button"
                className="nhsuk-button nhsuk-button--secondary"
                disabled={opening}
                onClick={() => {
                  setOpening(true);
                  void openDemo().finally(() => setOpening(false));
                }}
              >
                Open the demo practice
              </button>
            </div>
          </div>
        </div>
        <div className="nhsuk-grid-column-one-half">
          <div className="nhsuk-card">
            <div className="nhsuk-card__content">
              <h2 className="nhsuk-card__heading">Set up your own practice</h2>
              <p className="nhsuk-card__description">
                You need the practice&apos;s name, ODS code, list size and sites. You become its first practice
                manager.
              </p>
              <button
                type="button"
                className="nhsuk-button"
                aria-expanded={settingUp}
                aria-controls="practice-setup"
                onClick={() => setSettingUp(true)}
              >
                Set up my practice
              </button>
            </div>
          </div>
        </div>
      </div>
      {settingUp ? <PracticeSetupForm /> : null}
    </>
  );
}

function PracticeSetupForm() {
  const setUpPractice = useSpoke((s) => s.setUpPractice);
  const [name, setName] = useState('');
  const [odsCode, setOdsCode] = useState('');
  const [listSize, setListSize] = useState('');
  const [sites, setSites] = useState<{ key: number; name: string }[]>([{ key: 0, name: '' }]);
  const [givenName, setGivenName] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [errors, setErrors] = useState<FormErrors<SetupField> | null>(null);
  const [saving, setSaving] = useState(false);
  const nextKey = useRef(1);
  const focusAfterAdd = useRef(false);

  // The form appears below the two choices: take the user to its first field.
  useEffect(() => {
    document.getElementById(setupTargetId('name'))?.focus();
  }, []);

  const err = (f: SetupField) => errors?.fields[f];

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    setSaving(true);
    try {
      await setUpPractice({
        name,
        odsCode,
        listSize: parseListSize(listSize),
        sites: sites.map((s) => ({ name: s.name })),
        manager: { givenName, familyName },
      });
    } catch (error) {
      setErrors(formErrorsFrom(error, setupFieldFor));
      setSaving(false);
    }
  }

  // Everything but the sites list: practice records and your own name, without spell-checking codes and names.
  const textField = (f: SetupField, label: string, value: string, onChange: (v: string) => void, opts: { hint?: string; width?: string; autoComplete?: string } = {}) => (
    <TextField
      id={setupTargetId(f)}
      label={label}
      value={value}
      onChange={onChange}
      error={err(f)}
      hint={opts.hint}
      width={opts.width}
      autoComplete={opts.autoComplete}
      spellCheck={false}
    />
  );

  return (
    <form id="practice-setup" className="spoke-form" noValidate onSubmit={(e) => void submit(e)}>
      <h2 className="nhsuk-heading-m">Set up my practice</h2>
      {errors ? <ErrorSummary errors={errors} targetId={setupTargetId} /> : null}
      {textField('name', 'Practice name', name, setName, { autoComplete: 'organization' })}
      {textField('odsCode', 'ODS code', odsCode, setOdsCode, {
        hint: 'The practice’s national organisation code: a letter and five digits, like A12345.',
        width: 'nhsuk-input--width-10',
      })}
      {textField('listSize', 'List size', listSize, setListSize, {
        hint: 'The number of patients registered with the practice.',
        width: 'nhsuk-input--width-10',
      })}

      {/* Errors about sites belong to each site's name, so the fieldset has none of its own and no id to link to. */}
      <FieldsetGroup id="setup-sites" idOnFieldset={false} legend="Sites" hint={`Your main surgery and any branch surgeries (up to ${MAX_SITES}).`}>
        {sites.map((site, i) => {
          const f: SetupField = `site-${i}`;
          return (
            <TextField
              key={site.key}
              id={setupTargetId(f)}
              label={i === 0 ? 'Main surgery name' : `Branch site ${i} name`}
              groupClassName="spoke-site-row"
              width="nhsuk-u-width-two-thirds"
              value={site.name}
              error={err(f)}
              inputRef={(el) => {
                if (el && focusAfterAdd.current && i === sites.length - 1) {
                  focusAfterAdd.current = false;
                  el.focus();
                }
              }}
              onChange={(name) => setSites((all) => all.map((s) => (s.key === site.key ? { ...s, name } : s)))}
              // The main surgery cannot be removed; its row keeps the same layout as the branches'.
              inline
              after={
                i > 0 ? (
                  <button
                    type="button"
                    className="nhsuk-button nhsuk-button--secondary nhsuk-button--small spoke-inline__button"
                    onClick={() => {
                      setSites((all) => all.filter((s) => s.key !== site.key));
                      document.getElementById('setup-add-site')?.focus();
                    }}
                  >
                    Remove<span className="nhsuk-u-visually-hidden"> branch site {i}</span>
                  </button>
                ) : null
              }
            />
          );
        })}
        {sites.length < MAX_SITES ? (
          <button
            type="button"
            id="setup-add-site"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small spoke-add-site"
            onClick={() => {
              focusAfterAdd.current = true;
              setSites((all) => [...all, { key: nextKey.current++, name: '' }]);
            }}
          >
            Add a branch site
          </button>
        ) : null}
      </FieldsetGroup>

      <h3 className="nhsuk-heading-s">About you</h3>
      <p>You will be the practice manager for this practice in Spoke and can add everyone else.</p>
      {textField('givenName', 'Your first name', givenName, setGivenName, { autoComplete: 'given-name' })}
      {textField('familyName', 'Your last name', familyName, setFamilyName, { autoComplete: 'family-name' })}

      <button type="submit" className="nhsuk-button">
        Set up practice
      </button>
    </form>
  );
}
