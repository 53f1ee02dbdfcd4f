import { describe, expect, it } from 'vitest';
import { diffSummary, protocolDiff, textBlocks } from '../../shared/protocols/diff';

const v1 = `# Sepsis recognition

Use **NEWS2** for every adult with a suspected infection.

## Escalation

- Score 5 or more: urgent review by the duty doctor.
- Score 7 or more: call 999.

See [the guideline](https://example.org/sepsis).
`;

const v2 = `# Sepsis recognition

Use **NEWS2** for every adult or young person with a suspected infection.

## Escalation

- Score 5 or more: urgent review by the duty doctor within 30 minutes.
- Score 7 or more: call 999.
- Record the time of escalation.
`;

describe('protocol diff for people', () => {
  it('splits markdown into the blocks a reader sees, without markup', () => {
    expect(textBlocks(v1).map((b) => [b.type, b.level, b.text])).toEqual([
      ['heading', 1, 'Sepsis recognition'],
      ['paragraph', 1, 'Use NEWS2 for every adult with a suspected infection.'],
      ['heading', 2, 'Escalation'],
      ['listItem', 1, 'Score 5 or more: urgent review by the duty doctor.'],
      ['listItem', 1, 'Score 7 or more: call 999.'],
      ['paragraph', 1, 'See the guideline.'],
    ]);
  });

  it('shows words added and removed within a changed paragraph or list item, keeping headings', () => {
    const d = protocolDiff(v1, v2);
    const changed = d.filter((b) => b.status === 'changed');
    expect(changed).toHaveLength(2);
    expect(changed[0]?.parts.filter((p) => p.change === 'added').map((p) => p.text.trim())).toEqual(['or young person']);
    expect(changed[1]?.type).toBe('listItem');
    expect(changed[1]?.parts.filter((p) => p.change === 'added').map((p) => p.text).join('')).toContain('within 30 minutes');
    expect(d.find((b) => b.status === 'added')?.parts[0]?.text).toBe('Record the time of escalation.');
    expect(d.find((b) => b.status === 'removed')?.parts[0]?.text).toBe('See the guideline.');
    expect(d.filter((b) => b.type === 'heading').every((b) => b.status === 'same')).toBe(true);
    expect(diffSummary(d)).toEqual({ changed: 2, added: 1, removed: 1 });
  });

  it('a change only in markup (a link address, emphasis) is not shown as a change of text', () => {
    const a = 'Read [the policy](https://a.example/x) *now*.';
    const b = 'Read [the policy](https://b.example/y) **now**.';
    expect(protocolDiff(a, b).every((blk) => blk.status === 'same')).toBe(true);
  });

  it('diffs a 50 KB protocol against its previous version quickly', () => {
    const para = (i: number, w: string) => `Paragraph ${i}: the ${w} clinician reviews the patient and records the outcome in the notes before the end of the session.`;
    const before = Array.from({ length: 440 }, (_, i) => para(i, 'duty')).join('\n\n');
    const after = Array.from({ length: 440 }, (_, i) => para(i, i % 20 === 0 ? 'on-call' : 'duty')).join('\n\n');
    expect(after.length).toBeGreaterThan(50_000);
    const t0 = performance.now();
    const d = protocolDiff(before, after);
    const ms = performance.now() - t0;
    expect(diffSummary(d).changed).toBe(22);
    expect(ms).toBeLessThan(500);
  });
});
