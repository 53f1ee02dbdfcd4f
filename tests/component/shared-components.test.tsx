// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../shared/contract/audit';
import { AuditSection } from '../../renderer/src/features/audit/AuditSection';
import { FieldsetGroup } from '../../renderer/src/components/FormGroup';
import { SelectField } from '../../renderer/src/components/SelectField';
import { ACTIONS_COLUMN, Table } from '../../renderer/src/components/Table';
import { TextField } from '../../renderer/src/components/TextField';

afterEach(cleanup);

/** The text of every element a control's aria-describedby names, in order. */
function description(el: HTMLElement): string {
  return (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

function Controlled({ error, hint }: { error?: string; hint?: string }) {
  const [value, setValue] = useState('');
  return <TextField id="ods" label="ODS code" width="nhsuk-input--width-10" value={value} onChange={setValue} error={error} hint={hint} />;
}

describe('TextField', () => {
  it('labels the input and hands typed text to onChange', async () => {
    const user = userEvent.setup();
    render(<Controlled />);
    const input = screen.getByLabelText<HTMLInputElement>('ODS code');
    await user.type(input, 'A12345');
    expect(input.value).toBe('A12345');
    expect(input.className).toBe('nhsuk-input nhsuk-input--width-10');
    expect(input.getAttribute('autocomplete')).toBe('off');
    expect(input.hasAttribute('aria-describedby')).toBe(false);
  });

  it('names the hint and the error in the description and marks the group and input', () => {
    render(<Controlled hint="A letter and five digits" error="Enter a valid ODS code" />);
    const input = screen.getByLabelText('ODS code');
    expect(input.getAttribute('aria-describedby')).toBe('ods-hint ods-error');
    expect(description(input)).toBe('A letter and five digits Error: Enter a valid ODS code');
    expect(input.classList.contains('nhsuk-input--error')).toBe(true);
    expect(input.closest('.nhsuk-form-group')?.classList.contains('nhsuk-form-group--error')).toBe(true);
  });

  it('puts `after` in a row beside the input', () => {
    render(
      <TextField id="amount" label="Hours per week" type="number" step={0.25} min={0} value="15" onChange={vi.fn()} after={<span data-testid="wte-preview">= 0.40 WTE</span>} />,
    );
    const input = screen.getByRole('spinbutton', { name: 'Hours per week' });
    expect(input.getAttribute('step')).toBe('0.25');
    expect(input.parentElement?.className).toBe('spoke-inline');
    expect(input.parentElement).toBe(screen.getByTestId('wte-preview').parentElement);
  });
});

describe('SelectField and FieldsetGroup', () => {
  it('a select reports the chosen value and is described by its error', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(
      <SelectField id="body" label="Professional body" value="" onChange={onChange} error="Choose a body">
        <option value="">Not registered</option>
        <option value="GMC">GMC</option>
      </SelectField>,
    );
    const select = screen.getByLabelText('Professional body');
    expect(description(select)).toBe('Error: Choose a body');
    await user.selectOptions(select, 'GMC');
    expect(onChange).toHaveBeenCalledWith('GMC');
  });

  it('a fieldset carries the id for error links unless a control inside has it', () => {
    render(
      <>
        <FieldsetGroup id="sites" legend="Sites" error="Choose a site">
          <input type="checkbox" aria-label="Main" />
        </FieldsetGroup>
        <FieldsetGroup id="kind" idOnFieldset={false} legend="Contract type">
          <input type="radio" id="kind" aria-label="Sessions" />
        </FieldsetGroup>
      </>,
    );
    const sites = screen.getByRole('group', { name: 'Sites' });
    expect(sites.id).toBe('sites');
    expect(description(sites)).toBe('Error: Choose a site');
    expect(screen.getByRole('group', { name: 'Contract type' }).id).toBe('');
  });
});

describe('Table', () => {
  it('names the table by its caption and the actions column for screen readers only', () => {
    render(
      <Table caption="Sites" captionHidden columns={['Site', ACTIONS_COLUMN]}>
        <tr>
          <td>Spokeford Surgery</td>
          <td>Rename</td>
        </tr>
      </Table>,
    );
    const table = screen.getByRole('table', { name: 'Sites' });
    const headers = within(table).getAllByRole('columnheader');
    expect(headers.map((h) => h.textContent)).toEqual(['Site', 'Actions']);
    expect(headers[1]?.firstElementChild?.className).toBe('nhsuk-u-visually-hidden');
  });
});

const ENTRY: AuditEntry = {
  seq: 1,
  at: '2024-05-01T09:30:00.000Z',
  actor: 'Samira Holt',
  action: 'update',
  entity: 'staff',
  entityId: 'x',
  summary: 'staff edited: contract',
};

function deferred<T>() {
  let resolve: (v: T) => void = () => undefined;
  let reject: (e: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('AuditSection', () => {
  const list = (entries: AuditEntry[]) => (
    <ul>
      {entries.map((e) => (
        <li key={e.seq}>{e.summary}</li>
      ))}
    </ul>
  );

  it('says it is loading, then shows the entries the caller renders', async () => {
    const d = deferred<AuditEntry[]>();
    render(
      <AuditSection headingId="h" title="History" failure="The history could not be loaded" load={() => d.promise} version="1">
        {list}
      </AuditSection>,
    );
    expect(screen.getByRole('region', { name: 'History' }).textContent).toContain('Loading…');
    await act(async () => {
      d.resolve([ENTRY]);
      await d.promise;
    });
    expect(screen.getByRole('listitem').textContent).toBe('staff edited: contract');
    expect(screen.queryByText('Loading…')).toBeNull();
  });

  it('says when there are no entries, and why loading failed', async () => {
    const { unmount } = render(
      <AuditSection headingId="h" title="History" failure="The history could not be loaded" load={() => Promise.resolve([])} version="1">
        {list}
      </AuditSection>,
    );
    expect(await screen.findByText('No changes recorded.')).toBeTruthy();
    unmount();
    render(
      <AuditSection headingId="h" title="History" failure="The history could not be loaded" load={() => Promise.reject(new Error('offline'))} version="1">
        {list}
      </AuditSection>,
    );
    expect((await screen.findByText(/could not be loaded/)).textContent).toBe('The history could not be loaded: offline');
  });

  it('reloads when the version changes and ignores the older answer', async () => {
    const first = deferred<AuditEntry[]>();
    const second = deferred<AuditEntry[]>();
    const load = vi.fn<() => Promise<AuditEntry[]>>().mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise);
    const view = (version: string) => (
      <AuditSection headingId="h" title="History" failure="x" load={load} version={version}>
        {list}
      </AuditSection>
    );
    const { rerender } = render(view('1'));
    rerender(view('2'));
    expect(load).toHaveBeenCalledTimes(2);
    await act(async () => {
      second.resolve([{ ...ENTRY, summary: 'newer' }]);
      await second.promise;
    });
    await act(async () => {
      first.resolve([{ ...ENTRY, summary: 'older' }]);
      await first.promise;
    });
    expect(screen.getByRole('listitem').textContent).toBe('newer');
  });
});
