import { describe, expect, it } from 'vitest';
import { adoptionRefusal, adoptionState, needsSignature, reviewState, type ChangeHistory, type OfferedVersion } from '../../shared/protocols/adoption';

const offered = (o: Partial<OfferedVersion> = {}): OfferedVersion => ({ version: 1, mandatory: true, effective: '2026-03-01', review: '2027-03-01', change: 'substantive', ...o });
const TODAY = '2026-02-01';

describe('adoption state machine', () => {
  it('a new mandatory item is new until its effective date, then overdue', () => {
    expect(adoptionState(offered(), { adoptedVersion: null, declinedVersion: null }, TODAY)).toBe('new');
    expect(adoptionState(offered(), { adoptedVersion: null, declinedVersion: null }, '2026-03-01')).toBe('overdue');
    // An optional item is never overdue.
    expect(adoptionState(offered({ mandatory: false }), { adoptedVersion: null, declinedVersion: null }, '2026-06-01')).toBe('new');
  });

  it('adopting the offered version makes it adopted; a newer version is an update, overdue once effective', () => {
    expect(adoptionState(offered(), { adoptedVersion: 1, declinedVersion: null }, TODAY)).toBe('adopted');
    const v2 = offered({ version: 2, effective: '2026-04-01' });
    expect(adoptionState(v2, { adoptedVersion: 1, declinedVersion: null }, TODAY)).toBe('update_available');
    expect(adoptionState(v2, { adoptedVersion: 1, declinedVersion: null }, '2026-04-02')).toBe('overdue');
    expect(adoptionState(v2, { adoptedVersion: 2, declinedVersion: null }, '2026-04-02')).toBe('adopted');
  });

  it('declining an optional item holds until a newer version is offered', () => {
    const optional = offered({ mandatory: false });
    expect(adoptionState(optional, { adoptedVersion: null, declinedVersion: 1 }, TODAY)).toBe('declined');
    expect(adoptionState({ ...optional, version: 2 }, { adoptedVersion: null, declinedVersion: 1 }, TODAY)).toBe('new');
    // A declined record on an item that has since become mandatory does not hide it.
    expect(adoptionState(offered({ version: 1 }), { adoptedVersion: null, declinedVersion: 1 }, '2026-03-02')).toBe('overdue');
  });

  it('review dates: due within 30 days, overdue after', () => {
    expect(reviewState('2026-02-20', TODAY)).toBe('review_due');
    expect(reviewState('2026-03-03', TODAY)).toBe('review_due');
    expect(reviewState('2026-03-04', TODAY)).toBe('adopted');
    expect(reviewState('2026-01-31', TODAY)).toBe('review_overdue');
    expect(reviewState(null, TODAY)).toBe('adopted');
    expect(adoptionState(offered({ review: '2026-01-15' }), { adoptedVersion: 1, declinedVersion: null }, TODAY)).toBe('review_overdue');
  });

  it('refuses a decline of a mandatory item, a decline without a reason, and a version no longer offered', () => {
    expect(adoptionRefusal({ kind: 'decline', version: 1, reason: 'Not relevant here' }, offered())).toMatch(/mandatory protocol cannot be declined/);
    expect(adoptionRefusal({ kind: 'decline', version: 1, reason: '  ' }, offered({ mandatory: false }))).toMatch(/Give a reason/);
    expect(adoptionRefusal({ kind: 'adopt', version: 1 }, offered({ version: 2 }))).toMatch(/version 2 is/);
    expect(adoptionRefusal({ kind: 'adopt', version: 2 }, offered({ version: 2 }))).toBeNull();
    expect(adoptionRefusal({ kind: 'decline', version: 1, reason: 'We use the CCG pathway' }, offered({ mandatory: false }))).toBeNull();
  });
});

describe('read and sign: only a substantive change asks for a new signature', () => {
  const history: ChangeHistory = {
    central: new Map([
      [1, 'substantive'],
      [2, 'minor'],
      [3, 'substantive'],
    ]),
    addendum: new Map([
      [1, 'substantive'],
      [2, 'minor'],
      [3, 'substantive'],
    ]),
  };
  it('never signed: must sign', () => {
    expect(needsSignature(null, { central: 1, addendum: null }, history)).toBe(true);
  });
  it('a minor central change does not; a substantive one does', () => {
    expect(needsSignature({ central: 1, addendum: null }, { central: 2, addendum: null }, history)).toBe(false);
    expect(needsSignature({ central: 1, addendum: null }, { central: 3, addendum: null }, history)).toBe(true);
    expect(needsSignature({ central: 2, addendum: null }, { central: 3, addendum: null }, history)).toBe(true);
  });
  it('the local addendum counts the same way', () => {
    expect(needsSignature({ central: 1, addendum: 1 }, { central: 1, addendum: 2 }, history)).toBe(false);
    expect(needsSignature({ central: 1, addendum: 2 }, { central: 1, addendum: 3 }, history)).toBe(true);
    // An addendum added (substantive version 1) after signing the central text alone.
    expect(needsSignature({ central: 1, addendum: null }, { central: 1, addendum: 1 }, history)).toBe(true);
  });
});
