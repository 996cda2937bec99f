import { useTranslation } from 'react-i18next';
import { ImportWizard } from '../modules/imports/components/ImportWizard';
import { PageHeader } from './PageHeader';

export function ImportWizardPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('imports.wizard.title')} description={t('imports.wizard.description')} />
      <ImportWizard />
    </>
  );
}
