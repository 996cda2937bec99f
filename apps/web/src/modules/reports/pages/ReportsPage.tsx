import { Button } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Permission } from '@sidh/domain';
import { useAuth } from '../../../app/auth';
import { RoutePath } from '../../../app/routes';
import { PageHeader } from '../../../pages/PageHeader';
import { ReportList } from '../components/ReportList';

export function ReportsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  return (
    <>
      <PageHeader
        title={t('reports.list.title')}
        description={t('reports.list.description')}
        actions={
          can(Permission.ReportGenerate) && (
            <Button component={Link} to={RoutePath.NewReport} leftSection={<IconPlus size={16} />} data-testid="new-report">
              {t('reports.list.new')}
            </Button>
          )
        }
      />
      <ReportList />
    </>
  );
}
