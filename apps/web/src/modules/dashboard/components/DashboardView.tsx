import { Anchor, Group, Loader, Select, SegmentedControl, Table } from '@mantine/core';
import { BarChart, DonutChart, LineChart } from '@mantine/charts';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { IMPLEMENTATION_STATUSES, type ImplementationStatus } from '@sidh/domain';
import { ErrorMessage } from '../../../app/ErrorMessage';
import { useFormat, useLocale } from '../../../app/locale';
import type { StatsDimension } from '../api';
import { useCampaignStats, useFollowUpStats, useResponseStats, useStatusHistory, useStatusStats } from '../hooks/use-stats';
import { labelIn } from '../utils/labels';
import { DIMENSION_PARAM, listLink } from '../utils/links';
import { ChartCard } from './ChartCard';
import classes from './dashboard.module.css';

const DIMENSIONS: StatsDimension[] = ['mechanism', 'body', 'review', 'institution', 'theme', 'affectedPerson', 'sdgGoal', 'axis'];
/** Colours of the statuses, as the list's badges show them. */
const STATUS_COLOR: Record<ImplementationStatus, string> = {
  not_started: 'gray.5',
  in_progress: 'blue.6',
  partially_implemented: 'yellow.6',
  implemented: 'teal.6',
  continuous: 'indigo.6',
  not_applicable: 'dark.3',
};
/** The largest groups shown as bars; the table view and the CSV have them all. */
const MAX_BARS = 15;

type Row = Record<string, string | number>;
interface ClickedBar {
  payload?: Row;
}

/**
 * Horizontal stacked bars, one per row (its `name` on the category axis, on the right in Arabic,
 * values reversed); clicking a bar calls `onBar` with the row's `key` and the bar's series.
 */
function StackedBars({ rows, series, minHeight, labelWidth, onBar }: {
  rows: Row[];
  series: { name: string; label: string; color: string }[];
  minHeight: number;
  labelWidth: number;
  onBar: (key: string, series: string) => void;
}) {
  const format = useFormat();
  const { rtl, dir } = useMirror();
  return (
    <BarChart
      h={Math.max(minHeight, rows.length * 34 + 70)}
      data={rows}
      dataKey="name"
      type="stacked"
      orientation="vertical"
      dir={dir}
      series={series}
      withLegend
      valueFormatter={format.number}
      gridAxis="x"
      yAxisProps={{ width: labelWidth, orientation: rtl ? 'right' : 'left', tick: { fontSize: 12, fill: 'currentColor', textAnchor: 'end' } }}
      xAxisProps={{ reversed: rtl }}
      barProps={(s) => ({
        onClick: (bar: ClickedBar) => bar.payload && onBar(String(bar.payload['key']), s.name),
        'data-testid': `bar-${s.name}`,
      } as object)}
    />
  );
}

/** Chart props that mirror a chart in Arabic: the first category on the right, the value axis on the right. */
function useMirror() {
  const { dir } = useLocale();
  const rtl = dir === 'rtl';
  return { rtl, dir };
}

function Numeric({ children }: { children: ReactNode }) {
  return <Table.Td className={classes.numeric}>{children}</Table.Td>;
}

/** The dashboard: every figure in the caller's scope (the API scopes a focal point or validator to its institution), with the URL's list filters. */
export function DashboardView({ filters }: { filters: URLSearchParams }) {
  return (
    <div className={classes.grid}>
      <StatusByDimension filters={filters} />
      <OverallStatus filters={filters} />
      <ResponsesByStatus filters={filters} />
      <CampaignProgress filters={filters} />
      <FollowUp filters={filters} />
      <StatusOverTime filters={filters} />
    </div>
  );
}

function Pending({ isLoading, error }: { isLoading: boolean; error: unknown }) {
  if (error) return <ErrorMessage error={error} />;
  if (isLoading) return <Loader size="sm" />;
  return null;
}

function StatusByDimension({ filters }: { filters: URLSearchParams }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const format = useFormat();
  const navigate = useNavigate();
  const [by, setBy] = useState<StatsDimension>('mechanism');
  const query = useStatusStats(by, filters);
  const groups = useMemo(() => query.data?.groups ?? [], [query.data]);
  const name = (g: (typeof groups)[number]) => (by === 'mechanism' ? t(`mechanism.${g.key}`) : labelIn(g.label, locale, g.key));
  const rows: Row[] = groups.slice(0, MAX_BARS).map((g) => ({ key: g.key, name: name(g), ...g.counts }));
  const link = (key: string, status?: string) => listLink(filters, { [DIMENSION_PARAM[by]]: key, status });
  const series = IMPLEMENTATION_STATUSES.map((s) => ({ name: s, label: t(`status.${s}`), color: STATUS_COLOR[s] }));
  const dimensionLabel = t(`dashboard.dimension.${by}`);
  return (
    <ChartCard
      id={`status-by-${by}`}
      wide
      title={t('dashboard.status.title')}
      description={t('dashboard.status.description', { total: format.number(query.data?.total ?? 0) })}
      controls={
        <SegmentedControl
          fullWidth
          size="xs"
          value={by}
          onChange={(v) => setBy(v as StatsDimension)}
          data={DIMENSIONS.map((d) => ({ value: d, label: t(`dashboard.dimension.${d}`) }))}
          aria-label={t('dashboard.status.by')}
          data-testid="status-dimension"
          styles={{ root: { flexWrap: 'wrap' } }}
        />
      }
      summary={t('dashboard.status.summary', { dimension: dimensionLabel, n: format.number(groups.length) })}
      empty={!query.isLoading && !query.error && groups.length === 0}
      csv={{
        header: [dimensionLabel, t('dashboard.code'), ...IMPLEMENTATION_STATUSES.map((s) => t(`status.${s}`)), t('dashboard.total')],
        rows: groups.map((g) => [name(g), g.label?.code ?? g.key, ...IMPLEMENTATION_STATUSES.map((s) => g.counts[s]), g.total]),
      }}
      table={
        <Table striped withTableBorder data-testid="table-status">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{dimensionLabel}</Table.Th>
              {IMPLEMENTATION_STATUSES.map((s) => (
                <Table.Th key={s} className={classes.numeric}>
                  {t(`status.${s}`)}
                </Table.Th>
              ))}
              <Table.Th className={classes.numeric}>{t('dashboard.total')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {groups.map((g) => (
              <Table.Tr key={g.key}>
                <Table.Td>
                  <Anchor component={Link} to={link(g.key)}>
                    {name(g)}
                  </Anchor>
                </Table.Td>
                {IMPLEMENTATION_STATUSES.map((s) => (
                  <Numeric key={s}>
                    {g.counts[s] ? (
                      <Anchor component={Link} to={link(g.key, s)}>
                        {format.number(g.counts[s])}
                      </Anchor>
                    ) : (
                      format.number(0)
                    )}
                  </Numeric>
                ))}
                <Numeric>{format.number(g.total)}</Numeric>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      }
    >
      <Pending isLoading={query.isLoading} error={query.error} />
      {rows.length > 0 && (
        <StackedBars rows={rows} series={series} minHeight={220} labelWidth={170} onBar={(key, status) => navigate(link(key, status))} />
      )}
    </ChartCard>
  );
}

function OverallStatus({ filters }: { filters: URLSearchParams }) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const query = useStatusStats('mechanism', filters);
  const counts = query.data?.counts;
  const slices = counts
    ? IMPLEMENTATION_STATUSES.filter((s) => counts[s] > 0).map((s) => ({ name: t(`status.${s}`), value: counts[s], color: STATUS_COLOR[s], status: s }))
    : [];
  return (
    <ChartCard
      id="status-overall"
      title={t('dashboard.overall.title')}
      description={t('dashboard.overall.description')}
      summary={t('dashboard.overall.summary', { total: format.number(query.data?.total ?? 0) })}
      empty={!query.isLoading && !query.error && slices.length === 0}
      csv={{ header: [t('fields.status'), t('dashboard.code'), t('dashboard.count')], rows: IMPLEMENTATION_STATUSES.map((s) => [t(`status.${s}`), s, counts?.[s] ?? 0]) }}
      table={
        <Table striped withTableBorder data-testid="table-overall">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('fields.status')}</Table.Th>
              <Table.Th className={classes.numeric}>{t('dashboard.count')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {IMPLEMENTATION_STATUSES.map((s) => (
              <Table.Tr key={s}>
                <Table.Td>
                  <Anchor component={Link} to={listLink(filters, { status: s })}>
                    {t(`status.${s}`)}
                  </Anchor>
                </Table.Td>
                <Numeric>{format.number(counts?.[s] ?? 0)}</Numeric>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      }
    >
      <Pending isLoading={query.isLoading} error={query.error} />
      {slices.length > 0 && (
        <Group justify="center" gap="xl" wrap="wrap">
          <DonutChart
            data={slices}
            size={200}
            thickness={34}
            withTooltip
            valueFormatter={format.number}
            chartLabel={format.number(query.data?.total ?? 0)}
            cellProps={(cell) => ({
              style: { cursor: 'pointer' },
              onClick: () => navigate(listLink(filters, { status: slices.find((x) => x.name === cell.name)?.status })),
            })}
          />
          <Stack>
            {slices.map((s) => (
              <Anchor key={s.status} component={Link} to={listLink(filters, { status: s.status })} fz="sm">
                {s.name}: {format.number(s.value)}
              </Anchor>
            ))}
          </Stack>
        </Group>
      )}
    </ChartCard>
  );
}

function Stack({ children }: { children: ReactNode }) {
  return <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>{children}</div>;
}

function ResponsesByStatus({ filters }: { filters: URLSearchParams }) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const { rtl, dir } = useMirror();
  const query = useResponseStats(filters);
  const groups = query.data?.groups ?? [];
  const rows: Row[] = groups.map((g) => ({ key: g.response, name: t(`response.${g.response}`), ...g.counts }));
  const link = (response: string, status?: string) => listLink(filters, { response, status });
  return (
    <ChartCard
      id="responses"
      title={t('dashboard.responses.title')}
      description={t('dashboard.responses.description')}
      summary={t('dashboard.responses.summary', { total: format.number(query.data?.total ?? 0) })}
      empty={!query.isLoading && !query.error && (query.data?.total ?? 0) === 0}
      csv={{
        header: [t('fields.response'), t('dashboard.code'), ...IMPLEMENTATION_STATUSES.map((s) => t(`status.${s}`)), t('dashboard.total')],
        rows: groups.map((g) => [t(`response.${g.response}`), g.response, ...IMPLEMENTATION_STATUSES.map((s) => g.counts[s]), g.total]),
      }}
      table={
        <Table striped withTableBorder data-testid="table-responses">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('fields.response')}</Table.Th>
              {IMPLEMENTATION_STATUSES.map((s) => (
                <Table.Th key={s} className={classes.numeric}>
                  {t(`status.${s}`)}
                </Table.Th>
              ))}
              <Table.Th className={classes.numeric}>{t('dashboard.total')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {groups.map((g) => (
              <Table.Tr key={g.response}>
                <Table.Td>
                  <Anchor component={Link} to={link(g.response)}>
                    {t(`response.${g.response}`)}
                  </Anchor>
                </Table.Td>
                {IMPLEMENTATION_STATUSES.map((s) => (
                  <Numeric key={s}>{g.counts[s] ? <Anchor component={Link} to={link(g.response, s)}>{format.number(g.counts[s])}</Anchor> : format.number(0)}</Numeric>
                ))}
                <Numeric>{format.number(g.total)}</Numeric>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      }
    >
      <Pending isLoading={query.isLoading} error={query.error} />
      {rows.length > 0 && (
        <BarChart
          h={280}
          data={rows}
          dataKey="name"
          type="stacked"
          dir={dir}
          series={IMPLEMENTATION_STATUSES.map((s) => ({ name: s, label: t(`status.${s}`), color: STATUS_COLOR[s] }))}
          withLegend
          valueFormatter={format.number}
          xAxisProps={{ reversed: rtl }}
          yAxisProps={{ orientation: rtl ? 'right' : 'left' }}
          barProps={(s) => ({ onClick: (bar: ClickedBar) => bar.payload && navigate(link(String(bar.payload['key']), s.name)) } as object)}
        />
      )}
    </ChartCard>
  );
}

function CampaignProgress({ filters }: { filters: URLSearchParams }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const format = useFormat();
  const navigate = useNavigate();
  const query = useCampaignStats(filters);
  const items = useMemo(() => query.data?.items ?? [], [query.data]);
  const campaigns = useMemo(() => [...new Map(items.map((i) => [i.campaignId, i])).values()], [items]);
  const [picked, setPicked] = useState<string | null>(null);
  const campaignId = picked && campaigns.some((c) => c.campaignId === picked) ? picked : (campaigns[0]?.campaignId ?? null);
  const shown = items.filter((i) => i.campaignId === campaignId);
  const rows: Row[] = shown.map((i) => ({
    key: i.institutionId,
    name: i.institution.code,
    validated: i.validated,
    awaiting: i.submitted - i.validated,
    overdue: i.overdue,
    pending: Math.max(0, i.expected - i.submitted - i.overdue),
  }));
  const series = [
    { name: 'validated', label: t('dashboard.campaigns.validated'), color: 'teal.6' },
    { name: 'awaiting', label: t('dashboard.campaigns.awaiting'), color: 'blue.5' },
    { name: 'overdue', label: t('dashboard.campaigns.overdue'), color: 'red.6' },
    { name: 'pending', label: t('dashboard.campaigns.pending'), color: 'gray.4' },
  ];
  const link = (institutionId: string) => listLink(filters, { institutionId });
  return (
    <ChartCard
      id="campaigns"
      title={t('dashboard.campaigns.title')}
      description={t('dashboard.campaigns.description')}
      controls={
        campaigns.length > 0 && (
          <Select
            size="xs"
            label={t('dashboard.campaigns.pick')}
            value={campaignId}
            onChange={setPicked}
            allowDeselect={false}
            data={campaigns.map((c) => ({ value: c.campaignId, label: `${c.campaignTitle} — ${format.date(c.deadline)}` }))}
            data-testid="campaign-pick"
          />
        )
      }
      summary={t('dashboard.campaigns.summary', { n: format.number(shown.length) })}
      empty={!query.isLoading && !query.error && items.length === 0}
      csv={{
        header: [t('dashboard.campaigns.campaign'), t('dashboard.campaigns.deadline'), t('dashboard.campaigns.institution'), t('dashboard.code'), t('dashboard.campaigns.expected'), t('dashboard.campaigns.submitted'), t('dashboard.campaigns.validated'), t('dashboard.campaigns.overdue')],
        rows: items.map((i) => [i.campaignTitle, i.deadline, labelIn(i.institution, locale), i.institution.code, i.expected, i.submitted, i.validated, i.overdue]),
      }}
      table={
        <Table striped withTableBorder data-testid="table-campaigns">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('dashboard.campaigns.institution')}</Table.Th>
              <Table.Th className={classes.numeric}>{t('dashboard.campaigns.expected')}</Table.Th>
              <Table.Th className={classes.numeric}>{t('dashboard.campaigns.submitted')}</Table.Th>
              <Table.Th className={classes.numeric}>{t('dashboard.campaigns.validated')}</Table.Th>
              <Table.Th className={classes.numeric}>{t('dashboard.campaigns.overdue')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((i) => (
              <Table.Tr key={i.institutionId}>
                <Table.Td>
                  <Anchor component={Link} to={link(i.institutionId)}>
                    {labelIn(i.institution, locale)}
                  </Anchor>
                </Table.Td>
                <Numeric>{format.number(i.expected)}</Numeric>
                <Numeric>{format.number(i.submitted)}</Numeric>
                <Numeric>{format.number(i.validated)}</Numeric>
                <Numeric>{format.number(i.overdue)}</Numeric>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      }
    >
      <Pending isLoading={query.isLoading} error={query.error} />
      {rows.length > 0 && (
        <StackedBars rows={rows} series={series} minHeight={200} labelWidth={90} onBar={(key) => navigate(link(key))} />
      )}
    </ChartCard>
  );
}

function FollowUp({ filters }: { filters: URLSearchParams }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const format = useFormat();
  const navigate = useNavigate();
  const { rtl, dir } = useMirror();
  const query = useFollowUpStats(filters);
  const items = query.data?.items ?? [];
  const rows: Row[] = items.map((i) => ({ key: i.bodyId, name: i.body.code, late: i.late, due: i.due, noDueDate: i.noDueDate, done: i.done }));
  const series = [
    { name: 'late', label: t('dashboard.followUp.late'), color: 'red.6' },
    { name: 'due', label: t('dashboard.followUp.due'), color: 'orange.5' },
    { name: 'noDueDate', label: t('dashboard.followUp.noDueDate'), color: 'gray.4' },
    { name: 'done', label: t('dashboard.followUp.done'), color: 'teal.6' },
  ];
  const link = (bodyId: string) => listLink(filters, { bodyId, followUp: 'true' });
  return (
    <ChartCard
      id="follow-up"
      title={t('dashboard.followUp.title')}
      description={t('dashboard.followUp.description', { date: query.data ? format.date(query.data.today) : '' })}
      summary={t('dashboard.followUp.summary', { late: format.number(items.reduce((s, i) => s + i.late, 0)), due: format.number(items.reduce((s, i) => s + i.due, 0)) })}
      empty={!query.isLoading && !query.error && items.length === 0}
      csv={{
        header: [t('dashboard.followUp.body'), t('dashboard.code'), t('dashboard.followUp.months'), t('dashboard.total'), t('dashboard.followUp.due'), t('dashboard.followUp.late'), t('dashboard.followUp.done'), t('dashboard.followUp.noDueDate'), t('dashboard.followUp.next')],
        rows: items.map((i) => [labelIn(i.body, locale), i.body.code, i.followUpMonths, i.total, i.due, i.late, i.done, i.noDueDate, i.nextDueDate]),
      }}
      table={
        <Table striped withTableBorder data-testid="table-follow-up">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('dashboard.followUp.body')}</Table.Th>
              <Table.Th className={classes.numeric}>{t('dashboard.followUp.late')}</Table.Th>
              <Table.Th className={classes.numeric}>{t('dashboard.followUp.due')}</Table.Th>
              <Table.Th>{t('dashboard.followUp.next')}</Table.Th>
              <Table.Th className={classes.numeric}>{t('dashboard.total')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((i) => (
              <Table.Tr key={i.bodyId}>
                <Table.Td>
                  <Anchor component={Link} to={link(i.bodyId)}>
                    {labelIn(i.body, locale)}
                  </Anchor>
                </Table.Td>
                <Numeric>{format.number(i.late)}</Numeric>
                <Numeric>{format.number(i.due)}</Numeric>
                <Table.Td>{i.nextDueDate ? format.date(i.nextDueDate) : '—'}</Table.Td>
                <Numeric>{format.number(i.total)}</Numeric>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      }
    >
      <Pending isLoading={query.isLoading} error={query.error} />
      {rows.length > 0 && (
        <BarChart
          h={260}
          data={rows}
          dataKey="name"
          type="stacked"
          dir={dir}
          series={series}
          withLegend
          valueFormatter={format.number}
          xAxisProps={{ reversed: rtl }}
          yAxisProps={{ orientation: rtl ? 'right' : 'left' }}
          barProps={{ onClick: (bar: ClickedBar) => bar.payload && navigate(link(String(bar.payload['key']))) } as object}
        />
      )}
    </ChartCard>
  );
}

function StatusOverTime({ filters }: { filters: URLSearchParams }) {
  const { t } = useTranslation();
  const { intlLocale } = useLocale();
  const format = useFormat();
  const { rtl, dir } = useMirror();
  const query = useStatusHistory(filters);
  const points = query.data?.points ?? [];
  const month = useMemo(() => new Intl.DateTimeFormat(intlLocale, { month: 'short', year: 'numeric', timeZone: 'UTC' }), [intlLocale]);
  const periodName = (p: string) => month.format(new Date(`${p}T00:00:00Z`));
  const rows: Row[] = points.map((p) => ({ period: periodName(p.period), ...p.counts }));
  return (
    <ChartCard
      id="status-history"
      wide
      title={t('dashboard.history.title')}
      description={t('dashboard.history.description')}
      summary={t('dashboard.history.summary', { n: format.number(points.length) })}
      empty={!query.isLoading && !query.error && points.length === 0}
      csv={{
        header: [t('dashboard.history.period'), ...IMPLEMENTATION_STATUSES.map((s) => t(`status.${s}`)), t('dashboard.total')],
        rows: points.map((p) => [p.period, ...IMPLEMENTATION_STATUSES.map((s) => p.counts[s]), p.total]),
      }}
      table={
        <Table striped withTableBorder data-testid="table-history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('dashboard.history.period')}</Table.Th>
              {IMPLEMENTATION_STATUSES.map((s) => (
                <Table.Th key={s} className={classes.numeric}>
                  {t(`status.${s}`)}
                </Table.Th>
              ))}
              <Table.Th className={classes.numeric}>{t('dashboard.total')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {points.map((p) => (
              <Table.Tr key={p.period}>
                <Table.Td>{periodName(p.period)}</Table.Td>
                {IMPLEMENTATION_STATUSES.map((s) => (
                  <Numeric key={s}>{format.number(p.counts[s])}</Numeric>
                ))}
                <Numeric>{format.number(p.total)}</Numeric>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      }
    >
      <Pending isLoading={query.isLoading} error={query.error} />
      {rows.length > 0 && (
        <LineChart
          h={280}
          data={rows}
          dataKey="period"
          dir={dir}
          series={IMPLEMENTATION_STATUSES.map((s) => ({ name: s, label: t(`status.${s}`), color: STATUS_COLOR[s] }))}
          withLegend
          curveType="linear"
          valueFormatter={format.number}
          xAxisProps={{ reversed: rtl }}
          yAxisProps={{ orientation: rtl ? 'right' : 'left' }}
        />
      )}
    </ChartCard>
  );
}

