import { Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { WordLimitState } from '@sidh/domain';
import { useFormat, useLocale } from '../../../app/locale';
import { wordBar } from '../utils/words';
import classes from './reports.module.css';

export const LIMIT_COLORS: Record<WordLimitState, string> = { ok: 'teal', warning: 'yellow', over: 'red' };

/**
 * Words against the report's limit: a bar (teal, amber from 90 %, red over the limit) and the count.
 * `compact`: the list's cell (no sentence under the bar).
 */
export function WordCountBar({ words, limit, compact = false, testId = 'word-count' }: { words: number; limit: number | null; compact?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { intlLocale } = useLocale();
  const bar = wordBar(words, limit);
  const count =
    limit === null
      ? t('reports.words.noLimit', { count: words, words: fmt.number(words) })
      : t('reports.words.ofLimit', { words: fmt.number(words), limit: fmt.number(limit) });
  const note =
    bar.state === 'over'
      ? t('reports.words.over', { count: bar.over, formatted: fmt.number(bar.over) })
      : bar.state === 'warning'
        ? t('reports.words.warning', { count: bar.left ?? 0, formatted: fmt.number(bar.left ?? 0) })
        : null;
  return (
    <Stack gap={4} className={classes.bar} data-testid={testId} data-state={bar.state} data-words={words} data-limit={limit ?? ''}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text fz={compact ? 'xs' : 'sm'} fw={compact ? 400 : 600} data-testid={`${testId}-text`}>
          {count}
        </Text>
        {bar.percent !== null && !compact && (
          <Text fz="xs" c="dimmed">
            {new Intl.NumberFormat(intlLocale, { style: 'percent', maximumFractionDigits: 0 }).format(bar.percent / 100)}
          </Text>
        )}
      </Group>
      {bar.percent !== null && (
        <Progress
          value={bar.percent}
          color={LIMIT_COLORS[bar.state]}
          size={compact ? 'sm' : 'md'}
          aria-label={count}
          transitionDuration={0}
        />
      )}
      {note && !compact && (
        <Text fz="xs" c={bar.state === 'over' ? 'red.8' : 'yellow.9'} fw={600} data-testid={`${testId}-note`}>
          {note}
        </Text>
      )}
    </Stack>
  );
}
