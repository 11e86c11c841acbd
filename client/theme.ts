import { createTheme } from '@mantine/core';

/**
 * Jointly's Mantine theme. Shade 8 of each colour is the default so that white text on
 * filled buttons and coloured text on light badges keep a 4.5:1 contrast (WCAG AA); the
 * `--mantine-color-dimmed` override in styles.css does the same for secondary text.
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 6 },
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  headings: { fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", fontWeight: '650' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  components: {
    Tooltip: { defaultProps: { withArrow: true, openDelay: 200, multiline: true, maw: 280 } },
  },
});
