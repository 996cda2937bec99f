import { useTranslation } from 'react-i18next';
import { RecommendationSearch } from '../modules/recommendations/components/RecommendationSearch';
import { PageHeader } from './PageHeader';

export function RecommendationsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('recommendations.title')} description={t('recommendations.description')} />
      <RecommendationSearch />
    </>
  );
}
