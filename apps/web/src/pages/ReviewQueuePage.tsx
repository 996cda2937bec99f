import { useTranslation } from 'react-i18next';
import { ReviewQueue } from '../modules/contributions/components/ReviewQueue';
import { PageHeader } from './PageHeader';

/** `institution`: the validator's queue (submitted); otherwise the coordinator's (approved, all institutions). */
export function ReviewQueuePage({ scope }: { scope: 'institution' | 'all' }) {
  const { t } = useTranslation();
  const key = scope === 'institution' ? 'validation' : 'review';
  return (
    <>
      <PageHeader title={t(`reporting.queue.${key}.title`)} description={t(`reporting.queue.${key}.description`)} />
      <ReviewQueue acrossInstitutions={scope === 'all'} />
    </>
  );
}
