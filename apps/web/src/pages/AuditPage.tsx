import { useTranslation } from 'react-i18next';
import { AuditLog } from '../modules/audit/components/AuditLog';
import { PageHeader } from './PageHeader';

export function AuditPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.description')} />
      <AuditLog />
    </>
  );
}
