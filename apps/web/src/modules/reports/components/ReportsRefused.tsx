import type { ReactNode } from 'react';
import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Permission } from '@sidh/domain';
import { useAuth } from '../../../app/auth';
import { RoutePath } from '../../../app/routes';

/**
 * The report pages are for the national coordinating body and the auditors: anyone else (focal points,
 * validators) is told so rather than shown an empty page. The API refuses them anyway (403).
 */
export function RequireReportPermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const { can, status } = useAuth();
  if (status === 'loading') return null;
  if (can(permission)) return <>{children}</>;
  return (
    <Alert color="gray" variant="light" icon={<IconLock />} title={t('reports.refused.title')} maw={720} data-testid="reports-refused">
      <Stack gap="sm" align="flex-start">
        <Text fz="sm">{t('reports.refused.body')}</Text>
        <Button component={Link} to={RoutePath.Recommendations} variant="default" size="xs">
          {t('reports.refused.back')}
        </Button>
      </Stack>
    </Alert>
  );
}
