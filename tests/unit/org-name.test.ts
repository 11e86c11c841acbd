import { describe, expect, it } from 'vitest';
import { orgNameKey } from '../../shared/org-name.ts';

/** Names a person picking a partner would read as the same name have one key; others do not. */
describe('organization name keys', () => {
  const same = (a: string, b: string) => expect(orgNameKey(b), `${JSON.stringify(a)} and ${JSON.stringify(b)}`).toBe(orgNameKey(a));

  it('ignore case, spacing, punctuation and invisible characters', () => {
    for (const variant of [
      'green streets',
      'GREEN STREETS',
      'Green-Streets',
      'GreenStreets',
      ' Green  Streets. ',
      'Green\u200BStreets',
      'Green_Streets!',
      'Green | Streets',
    ]) {
      same('Green Streets', variant);
    }
  });

  it('fold accents, compatibility forms (fullwidth, ligatures) and "&"', () => {
    same('Cafe Workers', 'Café Wörkers');
    same('Green Streets', 'Ｇｒｅｅｎ Ｓｔｒｅｅｔｓ');
    same('Office Union', 'Oﬃce Union');
    same('Tenants and Workers', 'Tenants & Workers');
    same('Strasse Collective', 'Straße Collective');
  });

  it('read Cyrillic and Greek lookalikes as the Latin letters they imitate', () => {
    same('Green Streets', 'Grееn Streets'); // Cyrillic е twice
    same('Amnesty', 'Аmnеsty'); // Cyrillic А and е
    same('Tenants Union', 'ΤΕΝΑΝΤS UΝΙΟΝ'); // Greek capitals
    same('Police Watch', 'Рolicе Wаtch'); // Cyrillic Р, е, а
    same('Workers', 'Ԝorkers'); // a Cyrillic capital whose lowercase is the lookalike
    same('Misereor', 'Mısereor'); // dotless i
    same('Legal Aid', 'Legaǀ Aid'); // a letter drawn as a bar
    same('Solidarnosc', 'Solidarnośc');
    same('Hope Fund', 'Høpe Fund');
  });

  it('read glyphs that fonts draw alike as one: I, l, 1, |; 0 and O; rn and m; vv and w', () => {
    same('Legal Aid', 'LegaI Aid');
    same('Legal Aid', 'Lega1 Aid');
    same('Legal Aid', 'Lega| Aid');
    same('Food Bank', 'F00d Bank');
    same('Farmers Union', 'Farrners Union');
    same('Workers', 'Vvorkers');
  });

  it('keep names that read differently apart', () => {
    const names = [
      'Green Streets',
      'Green Streets Berlin',
      'Green Street',
      'Greene Streets',
      'Tenants Union',
      'Tenant Union',
      'Union 2',
      'Union 3',
      'Sindicato de Inquilinas',
      'Союз жильцов',
      'Ένωση Ενοικιαστών',
      '住民組合',
    ];
    expect(new Set(names.map(orgNameKey)).size).toBe(names.length);
  });

  it('gives names in other scripts a key of their own, never an empty one', () => {
    expect(orgNameKey('Союз жильцов')).not.toBe('');
    expect(orgNameKey('住民組合')).toBe('住民組合');
    // Symbols only: compared as written, so "★★★" and "☆☆☆" are two names.
    expect(orgNameKey('★★★')).not.toBe('');
    expect(orgNameKey('★★★')).not.toBe(orgNameKey('☆☆☆'));
  });
});
