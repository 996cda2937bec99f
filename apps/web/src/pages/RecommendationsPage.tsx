import { useTranslation } from 'react-i18next';
import { Permission } from '@sidh/domain';
import { useAuth } from '../app/auth';
import { ExportButton } from '../modules/imports/components/ExportButton';
import { ReportingListActions } from '../modules/assignments/components/ReportingListActions';
import { RecommendationSearch } from '../modules/recommendations/components/RecommendationSearch';
import { PageHeader } from './PageHeader';

export function RecommendationsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  return (
    <>
      <PageHeader
        title={t('recommendations.title')}
        description={t('recommendations.description')}
        actions={<ReportingListActions>{can(Permission.ExportRun) ? <ExportButton /> : null}</ReportingListActions>}
      />
      <RecommendationSearch />
    </>
  );
}
