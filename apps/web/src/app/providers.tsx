import type { ReactNode } from 'react';
import { DirectionProvider, MantineProvider } from '@mantine/core';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import type { AuthResponse } from './api-types';
import { isLocale } from '@sidh/domain';
import { AuthProvider } from './auth';
import { directionOf } from './i18n';
import { LocaleProvider } from './locale';
import { cssVariablesResolver, theme } from './theme';

interface Props {
  children: ReactNode;
  i18n: I18n;
  queryClient: QueryClient;
  /** The session refresh main.tsx started before the first render; else AuthProvider starts it. */
  initialSession?: Promise<AuthResponse | null>;
  /** 'test' disables Mantine transitions and portals (component tests). */
  env?: 'default' | 'test';
}

export function Providers({ children, i18n, queryClient, initialSession, env = 'default' }: Props) {
  const lng = isLocale(i18n.language) ? i18n.language : 'ar';
  return (
    <I18nextProvider i18n={i18n}>
      <DirectionProvider initialDirection={directionOf(lng)} detectDirection={false}>
        <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} env={env} defaultColorScheme="light">
          <QueryClientProvider client={queryClient}>
            <LocaleProvider>
              <AuthProvider initialSession={initialSession}>{children}</AuthProvider>
            </LocaleProvider>
          </QueryClientProvider>
        </MantineProvider>
      </DirectionProvider>
    </I18nextProvider>
  );
}
