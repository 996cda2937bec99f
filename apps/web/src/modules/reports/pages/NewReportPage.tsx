import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../pages/PageHeader';
import { ReportWizard } from '../components/ReportWizard';

export function NewReportPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('reports.wizard.heading')} description={t('reports.wizard.intro')} />
      <ReportWizard />
    </>
  );
}
