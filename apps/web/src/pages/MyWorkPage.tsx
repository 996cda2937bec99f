import { useTranslation } from 'react-i18next';
import { MyWork } from '../modules/contributions/components/MyWork';
import { PageHeader } from './PageHeader';

export function MyWorkPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('reporting.myWork.title')} description={t('reporting.myWork.description')} />
      <MyWork />
    </>
  );
}
