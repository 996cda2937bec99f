import { Badge, Card, Group, Loader, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HistoryEvent } from '../../../app/api-types';
import { useFormat } from '../../../app/locale';
import { useReportHistory } from '../hooks/use-reports';
import { ReportError } from './ReportError';

/** `{ before, after }` entries of an event's changes. */
function changedFields(changes: HistoryEvent['changes']): string[] {
  return Object.entries(changes ?? {})
    .filter(([, v]) => typeof v === 'object' && v !== null && 'before' in v && 'after' in v)
    .map(([k]) => k);
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A name inside a sentence of the other direction, isolated (FSI … PDI) so it cannot reorder the sentence. */
const isolate = (text: string) => `\u2068${text}\u2069`;

/** What an event did, in one line. `sections`: the report's section headings now, by id. */
function useEventSummary(sections: ReadonlyMap<string, string>) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (ev: HistoryEvent): string => {
    const c = ev.changes ?? {};
    const fields = changedFields(c).map((f) => t(`reports.history.fields.${f}`, { defaultValue: f }));
    switch (ev.action) {
      case 'report.create': {
        const sections = num(c['sections']) ?? 0;
        const words = num(c['words']) ?? 0;
        return t('reports.history.created', { count: sections, sections: fmt.number(sections), words: fmt.number(words) });
      }
      case 'report.finalise': {
        const line = t('reports.history.finalised', { number: num(c['number']) ?? '?', words: fmt.number(num(c['words']) ?? 0) });
        return c['overLimitConfirmed'] === true ? `${line}${t('reports.history.separator')}${t('reports.versions.overConfirmed')}` : line;
      }
      case 'report.section.update': {
        const heading = c['heading'];
        const after = typeof heading === 'object' && heading !== null && 'after' in heading ? str((heading as { after: unknown }).after) : null;
        const id = str(c['sectionId']);
        const name = after ?? (id ? sections.get(id) : undefined) ?? t('reports.history.aSection');
        return t('reports.history.sectionChanged', { section: isolate(name), fields: fields.join(t('reports.history.separator')) });
      }
      default:
        return fields.join(t('reports.history.separator'));
    }
  };
}

/** The report's audit events, newest first: when, who, what. */
export function HistoryPanel({ reportId, sections }: { reportId: string; sections: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const summary = useEventSummary(sections);
  const history = useReportHistory(reportId);
  if (history.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (history.isError) return <ReportError error={history.error} />;
  const items = [...history.data.items].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  if (items.length === 0) {
    return (
      <Card>
        <Text c="dimmed" fz="sm" ta="center" py="md">
          {t('history.empty')}
        </Text>
      </Card>
    );
  }
  return (
    <Card padding={0} data-testid="history-panel">
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="sm" horizontalSpacing="md" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={190}>{t('reports.history.when')}</Table.Th>
              <Table.Th w={240}>{t('reports.history.who')}</Table.Th>
              <Table.Th w={220}>{t('reports.history.action')}</Table.Th>
              <Table.Th>{t('reports.history.details')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((ev) => (
              <Table.Tr key={ev.id} data-testid="history-row" data-action={ev.action}>
                <Table.Td fz="sm">{fmt.dateTime(ev.occurredAt)}</Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text fz="sm">{ev.actor ? (ev.actor.name ?? t('history.unknownUser')) : t('history.system')}</Text>
                    {ev.actor?.role && (
                      <Badge size="sm" color="gray">
                        {t(`roles.${ev.actor.role}`, { defaultValue: ev.actor.role })}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td fz="sm" fw={600}>
                  {t(`reports.history.actions.${ev.action.replace(/\./g, '_')}`, { defaultValue: ev.action })}
                </Table.Td>
                <Table.Td fz="sm">
                  <Text fz="sm">{summary(ev)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
