import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../pages/PageHeader';
import { SettingsSections } from '../components/SettingsSections';

/** Organisation settings (settings:manage, the administrator). */
export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('settings.title')} description={t('settings.description')} />
      <SettingsSections />
    </>
  );
}
