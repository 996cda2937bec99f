import type { ReactNode } from 'react';
import { Button, Group } from '@mantine/core';
import { IconCalendarPlus } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Permission } from '@sidh/domain';
import { useAuth } from '../../../app/auth';
import { RoutePath } from '../../../app/routes';
import { BulkAssignButton } from './BulkAssignButton';

/** The recommendation list's reporting actions: assign the filtered list, open a campaign on it. */
export function ReportingListActions({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [params] = useSearchParams();
  const scope = new URLSearchParams(params);
  scope.delete('page');
  scope.delete('sort');
  return (
    <Group gap="sm">
      {children}
      <BulkAssignButton />
      {can(Permission.CampaignManage) && (
        <Button
          component={Link}
          to={`${RoutePath.NewCampaign}${scope.size ? `?${scope.toString()}` : ''}`}
          variant="light"
          leftSection={<IconCalendarPlus size={16} />}
          data-testid="open-campaign-from-list"
        >
          {t('reporting.campaigns.openFromList')}
        </Button>
      )}
    </Group>
  );
}
