import { describe, expect, it } from 'vitest';
import { redline } from '../../shared/redline.ts';

const doc = (...blocks: object[]) => ({ type: 'doc', content: [{ type: 'title', content: [{ type: 'text', text: 'Winter moratorium' }] }, ...blocks] });
const p = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

describe('redline: what changed since an organization signed, block by block, word by word', () => {
  it('an unchanged text is all "same"', () => {
    const blocks = redline(doc(p('We call for a moratorium.')), doc(p('We call for a moratorium.')));
    expect(blocks.map((b) => b.change)).toEqual(['same', 'same']);
  });

  it('a changed word inside a paragraph is one changed block with the removed and added words', () => {
    const [, changed] = redline(doc(p('We call for a moratorium.')), doc(p('We demand a moratorium.')));
    expect(changed!.change).toBe('changed');
    expect(
      changed!.parts
        .filter((part) => part.change === 'removed')
        .map((part) => part.text.trim())
        .filter(Boolean)
        .join(' '),
    ).toBe('call for');
    expect(
      changed!.parts
        .filter((part) => part.change === 'added')
        .map((part) => part.text.trim())
        .filter(Boolean)
        .join(' '),
    ).toBe('demand');
  });

  it('an added paragraph and a removed one are whole blocks, the rest stays aligned', () => {
    const blocks = redline(doc(p('One.'), p('Two.'), p('Three.')), doc(p('One.'), p('Three.'), p('Four.')));
    expect(blocks.map((b) => [b.change, b.parts.map((part) => part.text).join('')])).toEqual([
      ['same', 'Winter moratorium'],
      ['same', 'One.'],
      ['removed', 'Two.'],
      ['same', 'Three.'],
      ['added', 'Four.'],
    ]);
  });

  it('a title edit is shown as a change of the title block', () => {
    const after = { type: 'doc', content: [{ type: 'title', content: [{ type: 'text', text: 'Summer moratorium' }] }, p('Text.')] };
    const [title] = redline(doc(p('Text.')), after);
    expect(title).toMatchObject({ kind: 'title', change: 'changed' });
  });

  it('text inside list items is compared, and only marks changing is no change (the redline is of words)', () => {
    const list = (text: string, marks: object[] = []) => ({
      type: 'bulletList',
      content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text, marks }] }] }],
    });
    expect(redline(doc(list('Rent freeze')), doc(list('Rent freeze', [{ type: 'bold' }]))).every((b) => b.change === 'same')).toBe(true);
    expect(redline(doc(list('Rent freeze')), doc(list('Rent cap'))).some((b) => b.change === 'changed')).toBe(true);
  });
});
