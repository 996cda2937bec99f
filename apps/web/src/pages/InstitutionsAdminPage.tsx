import { useTranslation } from 'react-i18next';
import { InstitutionsAdmin } from '../modules/institutions-admin/components/InstitutionsAdmin';
import { PageHeader } from './PageHeader';

export function InstitutionsAdminPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('institutionsAdmin.title')} description={t('institutionsAdmin.description')} />
      <InstitutionsAdmin />
    </>
  );
}
