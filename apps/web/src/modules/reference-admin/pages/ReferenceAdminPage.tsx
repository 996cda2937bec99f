import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../pages/PageHeader';
import { ReferenceAdmin } from '../components/ReferenceAdmin';

/** Reference data administration (reference:manage): bodies, reviews, themes, affected persons, axes, sub-axes. */
export function ReferenceAdminPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('referenceAdmin.title')} description={t('referenceAdmin.description')} />
      <ReferenceAdmin />
    </>
  );
}
