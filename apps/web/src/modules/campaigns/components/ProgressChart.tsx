import { Group, Stack, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/locale';
import type { Progress } from '../../../app/api-types';
import classes from './campaigns.module.css';

/** The workflow states shown as stacked segments, in the order contributions move through them. */
export const PROGRESS_SEGMENTS = ['validated', 'approved', 'submitted', 'returned', 'draft'] as const;
export type ProgressSegment = (typeof PROGRESS_SEGMENTS)[number];
export const SEGMENT_COLOR: Record<ProgressSegment, string> = {
  validated: 'var(--mantine-color-teal-6)',
  approved: 'var(--mantine-color-indigo-5)',
  submitted: 'var(--mantine-color-blue-4)',
  returned: 'var(--mantine-color-orange-5)',
  draft: 'var(--mantine-color-gray-5)',
};

/** Share of each state in `expected`, in percent (0 when nothing is expected). */
export function segmentWidths(p: Progress): Record<ProgressSegment, number> {
  const total = Math.max(p.expected, PROGRESS_SEGMENTS.reduce((s, k) => s + p[k], 0));
  return Object.fromEntries(PROGRESS_SEGMENTS.map((k) => [k, total > 0 ? (p[k] / total) * 100 : 0])) as Record<ProgressSegment, number>;
}

/** One horizontal stacked bar (plain CSS, mirrored in Arabic through the flex direction). */
export function ProgressBar({ progress, label, height = 14 }: { progress: Progress; label: string; height?: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const widths = segmentWidths(progress);
  return (
    <div className={classes.bar} style={{ height }} role="img" aria-label={label} data-testid="progress-bar">
      {PROGRESS_SEGMENTS.filter((k) => progress[k] > 0).map((k) => (
        <Tooltip key={k} label={t('reporting.campaign.segment', { status: t(`reporting.contributionStatus.${k}`), n: fmt.number(progress[k]) })} withArrow>
          <div className={classes.segment} style={{ width: `${widths[k]}%`, background: SEGMENT_COLOR[k] }} data-segment={k} />
        </Tooltip>
      ))}
    </div>
  );
}

export function ProgressLegend() {
  const { t } = useTranslation();
  return (
    <Group gap="md" wrap="wrap">
      {PROGRESS_SEGMENTS.map((k) => (
        <Group key={k} gap={6} wrap="nowrap">
          <span className={classes.swatch} style={{ background: SEGMENT_COLOR[k] }} />
          <Text fz="xs" c="dimmed">
            {t(`reporting.contributionStatus.${k}`)}
          </Text>
        </Group>
      ))}
    </Group>
  );
}

/** Per-institution bars, labelled with the name and "validated / expected". */
export function ProgressChart({ rows }: { rows: Array<{ key: string; label: string; progress: Progress }> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Stack gap="sm" data-testid="progress-chart">
      <ProgressLegend />
      {rows.map((r) => (
        <div key={r.key} className={classes.chartRow}>
          <Text fz="sm" truncate title={r.label}>
            {r.label}
          </Text>
          <ProgressBar progress={r.progress} label={`${r.label}: ${t('reporting.campaign.validatedOf', { validated: fmt.number(r.progress.validated), expected: fmt.number(r.progress.expected) })}`} />
          <Text fz="xs" c="dimmed" ta="end" className={classes.tabular}>
            {t('reporting.campaign.validatedOf', { validated: fmt.number(r.progress.validated), expected: fmt.number(r.progress.expected) })}
          </Text>
        </div>
      ))}
    </Stack>
  );
}
