import { IMPLEMENTATION_STATUSES, RECOMMENDATION_RESPONSES, type ImplementationStatus } from '@sidh/domain';
import type { CampaignInstitutionRow, FollowUpBodyRow, ResponseCellRow, StatusCellRow, StatusDeltaRow } from '../stats.repository.js';
import type { StatsDimension, StatsInterval } from './stats-query.dto.js';
import type { CampaignStatsDto, FollowUpStatsDto, ResponseStatsDto, StatusCountsDto, StatusGroupDto, StatusHistoryDto, StatusStatsDto } from './stats.dto.js';

export const emptyCounts = (): StatusCountsDto => Object.fromEntries(IMPLEMENTATION_STATUSES.map((s) => [s, 0])) as unknown as StatusCountsDto;

const add = (counts: StatusCountsDto, status: ImplementationStatus, n: number) => {
  // A status outside the domain's list (never written by the API) is not shown.
  if (status in counts) counts[status] += n;
};

const sum = (counts: StatusCountsDto) => IMPLEMENTATION_STATUSES.reduce((s, k) => s + counts[k], 0);

export function toStatusStatsDto(by: StatsDimension, cells: StatusCellRow[], overall: Array<{ status: ImplementationStatus; count: number }>): StatusStatsDto {
  const groups = new Map<string, StatusGroupDto>();
  for (const cell of cells) {
    let group = groups.get(cell.key);
    if (!group) {
      const label = cell.code !== null ? { code: cell.code, nameAr: cell.nameAr ?? '', nameFr: cell.nameFr ?? '', nameEn: cell.nameEn ?? '' } : null;
      group = { key: cell.key, label, total: 0, counts: emptyCounts() };
      groups.set(cell.key, group);
    }
    add(group.counts, cell.status, cell.count);
  }
  for (const group of groups.values()) group.total = sum(group.counts);
  const counts = emptyCounts();
  for (const row of overall) add(counts, row.status, row.count);
  const sorted = [...groups.values()].sort((a, b) => b.total - a.total || (a.label?.code ?? a.key).localeCompare(b.label?.code ?? b.key, 'en', { numeric: true }));
  return { by, total: sum(counts), counts, groups: sorted };
}

export function toResponseStatsDto(cells: ResponseCellRow[]): ResponseStatsDto {
  const groups = RECOMMENDATION_RESPONSES.map((response) => ({ response, total: 0, counts: emptyCounts() }));
  for (const cell of cells) {
    const group = groups.find((g) => g.response === cell.response);
    if (group) add(group.counts, cell.status, cell.count);
  }
  for (const group of groups) group.total = sum(group.counts);
  return { total: groups.reduce((s, g) => s + g.total, 0), groups };
}

export function toCampaignStatsDto(rows: CampaignInstitutionRow[]): CampaignStatsDto {
  return {
    items: rows.map((r) => ({
      campaignId: r.campaignId,
      campaignTitle: r.campaignTitle,
      deadline: r.deadline,
      campaignStatus: r.campaignStatus,
      institutionId: r.institutionId,
      institution: { code: r.code, nameAr: r.nameAr, nameFr: r.nameFr, nameEn: r.nameEn },
      expected: r.expected,
      submitted: r.submitted,
      validated: r.validated,
      overdue: r.overdue,
    })),
  };
}

export function toFollowUpStatsDto(today: string, rows: FollowUpBodyRow[]): FollowUpStatsDto {
  return {
    today,
    items: rows.map((r) => ({
      bodyId: r.bodyId,
      body: { code: r.code, nameAr: r.nameAr, nameFr: r.nameFr, nameEn: r.nameEn },
      followUpMonths: r.followUpMonths,
      total: r.total,
      due: r.due,
      late: r.late,
      done: r.done,
      noDueDate: r.noDueDate,
      nextDueDate: r.nextDueDate,
    })),
  };
}

/** The first day of the period after `period` (`YYYY-MM-DD`, UTC calendar arithmetic). */
function nextPeriod(period: string, interval: StatsInterval): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const months = interval === 'month' ? 1 : interval === 'quarter' ? 3 : 12;
  const d = new Date(Date.UTC(y, m - 1 + months, 1));
  return d.toISOString().slice(0, 10);
}

/** Running totals of the deltas: the statuses at the end of each period, every period from the first to `current`. */
export function toStatusHistoryDto(interval: StatsInterval, deltas: StatusDeltaRow[], current: string): StatusHistoryDto {
  const byPeriod = new Map<string, StatusDeltaRow[]>();
  for (const d of deltas) byPeriod.set(d.period, [...(byPeriod.get(d.period) ?? []), d]);
  const points: StatusHistoryDto['points'] = [];
  if (!deltas.length) return { interval, points };
  const running = emptyCounts();
  // Bounded: at most 100 years of months.
  for (let period = deltas[0]!.period, guard = 0; period <= current && guard < 1200; period = nextPeriod(period, interval), guard += 1) {
    for (const d of byPeriod.get(period) ?? []) add(running, d.status, d.delta);
    points.push({ period, total: sum(running), counts: { ...running } });
  }
  return { interval, points };
}
