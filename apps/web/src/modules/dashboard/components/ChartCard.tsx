import { Button, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconPhoto } from '@tabler/icons-react';
import { useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { saveBlob } from '../../../app/download';
import { csvBlob, type CsvCell } from '../utils/csv';
import { svgToPng } from '../utils/png';
import classes from './dashboard.module.css';

export interface ChartCardProps {
  /** Stable id, also the downloaded files' name (`<id>.csv`, `<id>.png`). */
  id: string;
  title: string;
  description?: string;
  /** Controls above the chart (a dimension switch, a campaign picker). */
  controls?: ReactNode;
  /** The chart's data as a table: header and rows (CSV), and the rendered table view. */
  csv: { header: CsvCell[]; rows: CsvCell[][] };
  table: ReactNode;
  /** A sentence naming what the chart shows, for screen readers (the table view has the figures). */
  summary: string;
  empty?: boolean;
  /** Spans the whole grid row. */
  wide?: boolean;
  children: ReactNode;
}

/**
 * One dashboard figure: a captioned `<figure>`, the chart or — by a toggle — a table of the same
 * data, and its downloads (the data as CSV, the chart as PNG).
 */
export function ChartCard({ id, title, description, controls, csv, table, summary, empty, wide, children }: ChartCardProps) {
  const { t } = useTranslation();
  const captionId = useId();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const chartRef = useRef<HTMLDivElement>(null);
  const [pngError, setPngError] = useState<string | null>(null);

  const downloadPng = async () => {
    setPngError(null);
    const svg = chartRef.current?.querySelector<SVGSVGElement>('svg.recharts-surface');
    if (!svg) return;
    try {
      const background = getComputedStyle(document.body).backgroundColor || '#fff';
      saveBlob(await svgToPng(svg, background), `${id}.png`);
    } catch (error) {
      setPngError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <Card withBorder radius="md" padding="md" component="figure" className={wide ? `${classes.figure} ${classes.wide}` : classes.figure} aria-labelledby={captionId} data-testid={`chart-${id}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2} component="figcaption" id={captionId}>
            <Title order={2} fz="lg">
              {title}
            </Title>
            {description && (
              <Text c="dimmed" fz="sm">
                {description}
              </Text>
            )}
          </Stack>
          <Group gap="xs" wrap="wrap">
            <SegmentedControl
              size="xs"
              value={view}
              onChange={(v) => setView(v as 'chart' | 'table')}
              data={[
                { value: 'chart', label: t('dashboard.view.chart') },
                { value: 'table', label: t('dashboard.view.table') },
              ]}
              aria-label={t('dashboard.view.label', { title })}
              data-testid={`view-${id}`}
            />
            <Button size="xs" variant="default" leftSection={<IconDownload size={14} />} onClick={() => saveBlob(csvBlob(csv.header, csv.rows), `${id}.csv`)} data-testid={`csv-${id}`}>
              {t('dashboard.download.csv')}
            </Button>
            <Button size="xs" variant="default" leftSection={<IconPhoto size={14} />} onClick={() => void downloadPng()} disabled={view !== 'chart' || empty} data-testid={`png-${id}`}>
              {t('dashboard.download.png')}
            </Button>
          </Group>
        </Group>
        {controls}
        {pngError && (
          <Text c="red" fz="sm" role="alert" data-testid={`png-error-${id}`} data-error={pngError}>
            {t('dashboard.download.pngFailed')}
          </Text>
        )}
        {empty ? (
          <Text c="dimmed" fz="sm" data-testid={`empty-${id}`}>
            {t('dashboard.empty')}
          </Text>
        ) : view === 'chart' ? (
          <div ref={chartRef} role="group" aria-label={summary} className={classes.chart}>
            {children}
          </div>
        ) : (
          <div className={classes.table}>{table}</div>
        )}
      </Stack>
    </Card>
  );
}
