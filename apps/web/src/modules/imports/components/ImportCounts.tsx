import { Card, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/locale';
import type { ImportCounts as Counts } from '../../../app/api-types';
import classes from './imports.module.css';

const COLORS = {
  new: 'var(--mantine-color-teal-6)',
  updated: 'var(--mantine-color-blue-6)',
  unchanged: 'var(--mantine-color-gray-5)',
  rejected: 'var(--mantine-color-red-6)',
} as const;

/** The four counts of an import (new, updated, unchanged, rejected), large enough to read at a glance. */
export function ImportCounts({ counts, committed }: { counts: Counts; committed: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md" data-testid="import-counts">
      {(Object.keys(COLORS) as Array<keyof typeof COLORS>).map((k) => (
        <Card
          key={k}
          padding="md"
          className={classes.stat}
          style={{ '--stat-color': COLORS[k] } as React.CSSProperties}
          data-testid={`count-${k}`}
          data-count={counts[k]}
        >
          <Text fz="xs" c="dimmed" fw={600}>
            {t(`imports.counts.${committed ? 'done' : 'planned'}.${k}`)}
          </Text>
          <Text fz={28} fw={700} lh={1.2} className={classes.numeric} ta="start">
            {fmt.number(counts[k])}
          </Text>
        </Card>
      ))}
      {counts.merged > 0 && (
        <Text fz="sm" c="dimmed" style={{ gridColumn: '1 / -1' }} data-testid="count-merged">
          {t('imports.counts.merged', { count: counts.merged, formatted: fmt.number(counts.merged) })}
        </Text>
      )}
    </SimpleGrid>
  );
}
