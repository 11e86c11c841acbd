/**
 * The key under which an organization's name must be unique on an instance: two names with
 * the same key read the same to a person picking a partner, so the second is refused
 * (ORG_NAME_TAKEN). The key is a "skeleton" in the sense of Unicode TR39, reduced to what
 * matters for names of organizations:
 *
 * - compatibility forms fold (NFKD: fullwidth letters, ligatures, superscripts), and accents
 *   and other combining marks are dropped ("Café" = "Cafe");
 * - case does not count, nor do spaces, punctuation, symbols or invisible characters
 *   ("Green-Streets", "green streets", "GreenStreets" and "Green\u200BStreets" are one name);
 *   "&" reads as "and";
 * - Cyrillic and Greek letters that look like Latin ones count as those ("Grееn" with
 *   Cyrillic е is "Green");
 * - glyphs that are easily mistaken for each other in common fonts are one: I, i, 1 and a
 *   bar touching a letter are l; 0 is o; "rn" is m; "vv" is w.
 *
 * The key is only compared, never shown. It is deliberately coarse: two genuine
 * organizations whose names differ only in such details are asked to tell themselves apart
 * in the name ("Green Streets Berlin").
 */
export function orgNameKey(name: string): string {
  // The table is applied before and after lowercasing: a capital whose lowercase form is a lookalike counts too.
  const lookalikes = (text: string) => [...text].map((char) => LOOKALIKES.get(char) ?? char).join('');
  const skeleton = lookalikes(lookalikes(name.normalize('NFKD')).toLowerCase())
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/&/g, 'and')
    // A bar touching a letter or digit is drawn as one ("Lega| Aid"); between spaces it separates.
    .replace(/(?<=[\p{L}\p{N}])\||\|(?=[\p{L}\p{N}])/gu, 'l')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .replace(/[i1]/g, 'l')
    .replace(/0/g, 'o')
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w');
  // A name of symbols only ("★★★") has no skeleton: it is then compared as written, without spaces.
  return skeleton || name.normalize('NFKC').toLowerCase().replace(/\s/gu, '');
}

/**
 * Letters of other scripts drawn like a Latin letter (after NFKD), by the Latin letter. Each
 * row: the Latin letter, then its lookalikes, upper and lower case. Only letters whose usual
 * printed form is the Latin one are listed (Cyrillic "в" is not "b"; capital "В" is "B").
 */
const LOOKALIKE_ROWS: readonly [latin: string, lookalikes: string][] = [
  ['a', 'АаΑα'],
  ['b', 'ВЬΒβ'],
  ['l', 'ł'],
  ['c', 'СсϹϲ'],
  ['d', 'ԁđ'],
  ['e', 'ЕеЁёΕε'],
  ['h', 'НһΗҺħ'],
  ['i', 'ІіЇїΙιӀӏıǀ'],
  ['j', 'Јј'],
  ['k', 'КкΚκ'],
  ['m', 'МΜ'],
  ['n', 'Ν'],
  ['o', 'ОоΟοσø'],
  ['p', 'РрΡρ'],
  ['q', 'ԛԚ'],
  ['s', 'Ѕѕ'],
  ['t', 'ТΤτ'],
  ['u', 'υ'],
  ['v', 'ν'],
  ['w', 'ԝԜ'],
  ['x', 'ХхΧχ'],
  ['y', 'УуΥγ'],
  ['z', 'Ζ'],
];

const LOOKALIKES: ReadonlyMap<string, string> = new Map(LOOKALIKE_ROWS.flatMap(([latin, lookalikes]) => [...lookalikes].map((char) => [char, latin] as const)));
