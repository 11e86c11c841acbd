/**
 * Text colours for light (tinted) badges, one per Mantine colour used for statuses. Mantine's
 * own shade 9 is not dark enough on every tint (teal.9 on teal.1 is 4.3:1); these keep
 * small bold badge text at 4.5:1 or better on the tinted background.
 */
export const TONE_TEXT: Record<string, string> = {
  teal: '#0a5c44',
  orange: '#8a3a00',
  gray: '#343a40',
  indigo: '#2b3a9a',
};
