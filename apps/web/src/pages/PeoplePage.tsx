import { useTranslation } from 'react-i18next';
import { InstitutionPeople } from '../modules/people/components/InstitutionPeople';
import { PageHeader } from './PageHeader';

export function PeoplePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('reporting.people.title')} description={t('reporting.people.description')} />
      <InstitutionPeople />
    </>
  );
}
