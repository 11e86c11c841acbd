import { describe, expect, it } from 'vitest';
import { bodyHasText, missingSignoffs, orderSignatories } from '../../shared/workflow.ts';

const doc = (...body: object[]) => ({ type: 'doc', content: [{ type: 'title', content: [{ type: 'text', text: 'Winter moratorium' }] }, ...body] });
const paragraph = (text?: string) => ({ type: 'paragraph', ...(text === undefined ? {} : { content: [{ type: 'text', text }] }) });

describe('bodyHasText: what counts as an empty statement', () => {
  it('a title with an empty paragraph, or only whitespace, is empty', () => {
    expect(bodyHasText(doc(paragraph()))).toBe(false);
    expect(bodyHasText(doc(paragraph('   \n\t'), paragraph()))).toBe(false);
    expect(bodyHasText({ type: 'doc' })).toBe(false);
  });

  it('the title alone never counts as text', () => {
    expect(bodyHasText({ type: 'doc', content: [{ type: 'title', content: [{ type: 'text', text: 'Only a title' }] }] })).toBe(false);
  });

  it('text anywhere in the body counts, however deep (a list item, a heading)', () => {
    expect(bodyHasText(doc(paragraph(), { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph('One demand')] }] }))).toBe(true);
    expect(bodyHasText(doc({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Demands' }] }))).toBe(true);
  });
});

describe('missingSignoffs: whose turn it is', () => {
  it('names the required organizations without a sign-off of exactly the current text, never optional ones', () => {
    const participants = [
      { orgId: 'a', name: 'Lead', required: true, signedHash: 'h2' },
      { orgId: 'b', name: 'Stale', required: true, signedHash: 'h1' },
      { orgId: 'c', name: 'Never', required: true, signedHash: null },
      { orgId: 'd', name: 'Optional', required: false, signedHash: null },
    ];
    expect(missingSignoffs(participants, 'h2').map((p) => p.name)).toEqual(['Stale', 'Never']);
  });
});

describe('orderSignatories: the signatory list of one text', () => {
  const participants = [
    { orgId: 'z', name: 'Zeta Union', required: false, signedHash: 'h' },
    { orgId: 'lead', name: 'Lead Org', required: true, signedHash: 'h' },
    { orgId: 'a', name: 'alpha network', required: true, signedHash: 'h' },
    { orgId: 'old', name: 'Old Signer', required: true, signedHash: 'earlier' },
  ];

  it('lists only organizations holding a sign-off of exactly that text: lead first, then alphabetical (case-insensitive)', () => {
    expect(orderSignatories(participants, 'h', 'lead', null).map((p) => p.orgId)).toEqual(['lead', 'a', 'z']);
  });

  it("the lead's chosen order comes first; organizations it does not name follow in the default order", () => {
    expect(orderSignatories(participants, 'h', 'lead', ['z', 'old']).map((p) => p.orgId)).toEqual(['z', 'lead', 'a']);
  });
});
