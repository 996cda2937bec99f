import '@mantine/charts/styles.css';
import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useAuth } from '../../../app/auth';
import { useLocale } from '../../../app/locale';
import { PageHeader } from '../../../pages/PageHeader';
import { DashboardView } from '../components/DashboardView';
import { labelIn } from '../utils/labels';
import { listLink } from '../utils/links';

/** The dashboard (issue 12): figures in the caller's scope; the URL takes the recommendation list's filters. */
export function DashboardPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const { locale } = useLocale();
  const [params] = useSearchParams();
  const filtered = [...params.keys()].length > 0;
  return (
    <>
      <PageHeader
        title={t('dashboard.title')}
        description={user?.institution ? t('dashboard.scopedDescription', { institution: labelIn(user.institution, locale) }) : t('dashboard.description')}
      />
      {filtered && (
        <Text fz="sm" mb="md" data-testid="dashboard-filters">
          {t('dashboard.filtered')}{' '}
          <Anchor component={Link} to={listLink(params, {})}>
            {t('dashboard.openList')}
          </Anchor>
        </Text>
      )}
      <DashboardView filters={params} />
    </>
  );
}
