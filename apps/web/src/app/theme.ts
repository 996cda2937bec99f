import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';
import textDirection from './text-direction.module.css';

/** A calm petrol blue-green, the platform's primary colour. */
const petrol: MantineColorsTuple = [
  '#eaf4f6',
  '#d6e8ec',
  '#a9d0d9',
  '#79b6c4',
  '#52a0b2',
  '#3a92a7',
  '#2b8aa1',
  '#1d778c',
  '#0f6a7e',
  '#005b6e',
];

/** A muted gold, used sparingly for accents (follow-up markers). */
const sand: MantineColorsTuple = [
  '#fbf6e8',
  '#f3eacf',
  '#e7d39d',
  '#dbbb67',
  '#d1a73b',
  '#cb9a20',
  '#c89312',
  '#b07f05',
  '#9d7000',
  '#886000',
];

/**
 * Latin script (French, English). The Arabic family is added only under <html lang="ar">
 * (styles.css): a French page never downloads the Arabic font, even for the word « العربية » of
 * the language switcher, which the system's font draws.
 */
const fontFamily = "'Noto Sans Variable', 'Noto Sans', system-ui, sans-serif";

export const theme = createTheme({
  primaryColor: 'petrol',
  primaryShade: 8,
  colors: { petrol, sand },
  fontFamily,
  headings: { fontFamily, fontWeight: '650' },
  defaultRadius: 'md',
  // No sliding or fading for users who asked their system for reduced motion (WCAG 2.3.3).
  respectReducedMotion: true,
  black: '#1b2a33',
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'md' } },
    Badge: { defaultProps: { radius: 'sm', variant: 'light', tt: 'none', fw: 600 } },
    // Free text in any of the three languages: typed text sets its own direction (dir="auto" on the
    // <input> itself; Mantine's `dir` prop would land on the wrapper and mirror the icons with the
    // text); empty fields (their placeholder) follow the page's (text-direction.module.css).
    TextInput: { defaultProps: { attributes: { input: { dir: 'auto' } } }, classNames: { input: textDirection.input } },
    Textarea: { defaultProps: { attributes: { input: { dir: 'auto' } } }, classNames: { input: textDirection.input } },
    Autocomplete: { defaultProps: { attributes: { input: { dir: 'auto' } } }, classNames: { input: textDirection.input } },
  },
});

/**
 * Text colours that meet WCAG AA (4.5:1) where Mantine's defaults do not:
 * - secondary ("dimmed") text and placeholders: 5.7:1 on white, 5.4:1 on the grey page background
 *   (Mantine's gray.6 gives 3.3:1);
 * - the text of light badges and alerts (status badges: open, validated, draft, overdue…): shade 9
 *   darkened until it reads at 4.8:1 or more on its shade-1 background (yellow gave 2.7:1, teal 4.3:1).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5f6770',
    '--mantine-color-placeholder': '#6b737b',
    '--mantine-color-red-light-color': '#c12828',
    '--mantine-color-orange-light-color': '#b63c0d',
    '--mantine-color-yellow-light-color': '#a15300',
    '--mantine-color-lime-light-color': '#4a760a',
    '--mantine-color-green-light-color': '#257735',
    '--mantine-color-teal-light-color': '#077554',
    '--mantine-color-cyan-light-color': '#0b7082',
  },
  dark: {},
});
