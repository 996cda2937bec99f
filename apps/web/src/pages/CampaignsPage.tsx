import { Button } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Permission } from '@sidh/domain';
import { useAuth } from '../app/auth';
import { RoutePath } from '../app/routes';
import { CampaignList } from '../modules/campaigns/components/CampaignList';
import { PageHeader } from './PageHeader';

export function CampaignsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  return (
    <>
      <PageHeader
        title={t('reporting.campaigns.title')}
        description={t('reporting.campaigns.description')}
        actions={
          can(Permission.CampaignManage) && (
            <Button component={Link} to={RoutePath.NewCampaign} leftSection={<IconPlus size={16} />} data-testid="new-campaign">
              {t('reporting.campaigns.new')}
            </Button>
          )
        }
      />
      <CampaignList />
    </>
  );
}
