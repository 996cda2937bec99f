import { Button, Card, EmptyState } from '@mantine/core';
import { IconCompassOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RoutePath } from '../app/routes';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Card padding="xl">
      <EmptyState icon={<IconCompassOff size={28} />} withIndicatorBackground>
        <EmptyState.Title order={1}>{t('notFound.title')}</EmptyState.Title>
        <EmptyState.Description>{t('notFound.description')}</EmptyState.Description>
        <EmptyState.Actions>
          <Button component={Link} to={RoutePath.Recommendations}>
            {t('notFound.back')}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Card>
  );
}
