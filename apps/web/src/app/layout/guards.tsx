import type { ReactNode } from 'react';
import { Center, Loader, Stack, Text } from '@mantine/core';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Permission } from '@sidh/domain';
import { useAuth } from '../auth';
import { RoutePath } from '../routes';
import { Brand } from './Brand';

export function FullPageLoader() {
  const { t } = useTranslation();
  return (
    <Center h="100dvh">
      <Stack align="center" gap="lg">
        <Brand large />
        <Loader size="sm" aria-label={t('common.loading')} />
        <Text c="dimmed" fz="sm">
          {t('common.loading')}
        </Text>
      </Stack>
    </Center>
  );
}

/** Pages behind the login: waits for the session to be restored, else goes to the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <FullPageLoader />;
  if (status === 'anonymous') {
    return <Navigate to={RoutePath.Login} replace state={{ from: location.pathname + location.search }} />;
  }
  return <>{children}</>;
}

/** A page the role may not use is not shown at all; the API refuses it anyway. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useAuth();
  if (!can(permission)) return <Navigate to={RoutePath.Recommendations} replace />;
  return <>{children}</>;
}
