import { Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import classes from './layout.module.css';

export function Brand({ large = false }: { large?: boolean }) {
  const { t } = useTranslation();
  return (
    <Group gap="sm" wrap="nowrap">
      <div className={large ? classes.logoLarge : classes.logo} aria-hidden="true">
        S
      </div>
      <Stack gap={0}>
        <Text fw={750} fz={large ? 24 : 18} lh={1.1} className={classes.product}>
          {t('app.name')}
        </Text>
        <Text fz={large ? 'sm' : 'xs'} c="dimmed" lh={1.3} visibleFrom={large ? undefined : 'sm'}>
          {t('app.tagline')}
        </Text>
      </Stack>
    </Group>
  );
}
