import { useTranslation } from 'react-i18next';
import { CampaignForm } from '../modules/campaigns/components/CampaignForm';
import { PageHeader } from './PageHeader';

export function NewCampaignPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('reporting.campaignForm.heading')} description={t('reporting.campaignForm.intro')} />
      <CampaignForm />
    </>
  );
}
