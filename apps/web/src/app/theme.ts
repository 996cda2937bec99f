import { createTheme, type MantineColorsTuple } from '@mantine/core';

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

const fontFamily =
  "'Noto Sans Variable', 'Noto Sans Arabic Variable', 'Noto Sans', 'Noto Sans Arabic', system-ui, sans-serif";

export const theme = createTheme({
  primaryColor: 'petrol',
  primaryShade: 8,
  colors: { petrol, sand },
  fontFamily,
  headings: { fontFamily, fontWeight: '650' },
  defaultRadius: 'md',
  black: '#1b2a33',
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'md' } },
    Badge: { defaultProps: { radius: 'sm', variant: 'light', tt: 'none', fw: 600 } },
  },
});
