import { Button } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RoutePath } from '../app/routes';
import { ImportHistory } from '../modules/imports/components/ImportHistory';
import { PageHeader } from './PageHeader';

export function ImportsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader
        title={t('imports.history.title')}
        description={t('imports.history.description')}
        actions={
          <Button component={Link} to={RoutePath.ImportNew} leftSection={<IconFileImport size={18} />} data-testid="import-new">
            {t('imports.history.new')}
          </Button>
        }
      />
      <ImportHistory />
    </>
  );
}
