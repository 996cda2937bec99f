import { Alert, Anchor, Badge, Box, Button, Card, EmptyState, Group, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconCalendarTime, IconChevronLeft, IconChevronRight, IconHistory, IconListDetails } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DateField } from '../../../app/DateField';
import { ErrorMessage } from '../../../app/ErrorMessage';
import { useFormat, useLocale } from '../../../app/locale';
import { ResponseBadge, StatusBadge } from '../../recommendations/components/Badges';
import { citationOf, localNameText, pickText } from '../../recommendations/utils/labels';
import { useAsOfRecommendations, type AsOfRecommendation } from '../hooks/use-audit-as-of';

const pad = (n: number) => String(n).padStart(2, '0');

/** The date (YYYY-MM-DD) and time (HH:MM:SS) of an instant in the browser's time zone, for the fields. */
export function localParts(iso: string | null): { date: string; time: string } {
  const d = iso ? new Date(iso) : new Date();
  if (Number.isNaN(d.getTime())) return { date: '', time: '' };
  return { date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, time: `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` };
}

/** A time of day on 24 hours (`16:45` or `16:45:27`): the same in every UI language. */
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/** The instant the fields name (local time), as ISO; null when incomplete. An empty time is the end of the day. */
export function instantOf(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  if (time && !TIME.test(time)) return null;
  const d = new Date(`${date}T${time || '23:59:59'}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The link to one record's point-in-time view at the same instant. */
function pointInTimeHref(id: string, at: string): string {
  return `?${new URLSearchParams({ tab: 'history', type: 'recommendation', id, at }).toString()}`;
}

function Row({ item, at }: { item: AsOfRecommendation; at: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fmt = useFormat();
  const text = pickText(item, locale);
  return (
    <Table.Tr data-testid={`as-of-row-${item.id}`}>
      <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
        <Stack gap={2}>
          <bdi dir="ltr">{citationOf(item, locale)}</bdi>
          {item.bodyCode && (
            <Text fz="xs" c="dimmed">
              <bdi>{item.bodyCode}</bdi>
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td fz="sm" maw={420}>
        {text ? (
          <Text fz="sm" lineClamp={3} lang={text.lang} dir="auto">
            {text.text}
          </Text>
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td data-testid="as-of-status" style={{ whiteSpace: 'nowrap' }}>
        {/* A badge may shrink to an ellipsis in a table cell: its box keeps the whole label. */}
        <Box miw="max-content">
          <StatusBadge status={item.status ?? null} />
        </Box>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{item.response ? (
          <Box miw="max-content">
            <ResponseBadge response={item.response} />
          </Box>
        ) : (
          '—'
        )}</Table.Td>
      <Table.Td fz="sm">
        {item.institutions.length === 0 ? (
          <Text fz="sm" c="dimmed">
            {t('auditAsOf.noInstitution')}
          </Text>
        ) : (
          <Group gap={4}>
            {item.institutions.map((i) => (
              <Badge key={i.id} variant={i.role === 'lead' ? 'filled' : 'light'} color="blue" size="sm" title={i.role ? t(`assignmentRole.${i.role}`) : undefined}>
                <bdi>{localNameText(i, locale, i.code ?? i.id)}</bdi>
              </Badge>
            ))}
          </Group>
        )}
      </Table.Td>
      <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
        {item.lastEventAt ? <bdi>{fmt.dateTime(item.lastEventAt)}</bdi> : '—'}
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={pointInTimeHref(item.id, at)} fz="sm" data-testid="as-of-open">
          <Group gap={4} wrap="nowrap">
            <IconHistory size={16} />
            {t('auditAsOf.open')}
          </Group>
        </Anchor>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The recommendation list "as of" a date and time: which recommendations existed then, with their
 * symbol, texts, consolidated status, response and assigned institutions at that instant, rebuilt
 * on the server from the audit events. The instant and the words live in the address.
 */
export function AsOfRecommendations() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { dir } = useLocale();
  const [params, setParams] = useSearchParams();
  const shownAt = params.get('asOfAt');
  const shownQ = params.get('asOfQ') ?? '';
  const initial = localParts(shownAt);
  const [date, setDate] = useState(initial.date);
  const [time, setTime] = useState(initial.time);
  const [q, setQ] = useState(shownQ);
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const list = useAsOfRecommendations(shownAt ? { at: shownAt, ...(shownQ ? { q: shownQ } : {}), ...(cursor ? { cursor } : {}) } : null);
  const data = list.data;
  const Prev = dir === 'rtl' ? IconChevronRight : IconChevronLeft;
  const Next = dir === 'rtl' ? IconChevronLeft : IconChevronRight;
  const instant = instantOf(date, time);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!instant) return;
    const next = new URLSearchParams(params);
    next.set('tab', 'asOf');
    next.set('asOfAt', instant);
    if (q.trim()) next.set('asOfQ', q.trim());
    else next.delete('asOfQ');
    setCursors([undefined]);
    setParams(next);
  };

  return (
    <Stack gap="lg">
      <Card>
        <Stack gap={2} mb="sm" maw={720}>
          <Title order={2} fz="md">
            {t('auditAsOf.title')}
          </Title>
          <Text fz="sm" c="dimmed">
            {t('auditAsOf.hint')}
          </Text>
        </Stack>
        <form onSubmit={submit} data-testid="as-of-form">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
            <DateField label={t('auditAsOf.date')} value={date} onChange={setDate} required data-testid="as-of-date" />
            <TextInput
              label={t('auditAsOf.time')}
              placeholder={t('auditAsOf.timePlaceholder')}
              value={time}
              onChange={(e) => setTime(e.currentTarget.value)}
              error={time && !TIME.test(time) ? t('auditAsOf.timeInvalid') : undefined}
              inputMode="numeric"
              dir="ltr"
              data-testid="as-of-time"
            />
            <TextInput label={t('auditAsOf.words')} placeholder={t('auditAsOf.wordsPlaceholder')} value={q} onChange={(e) => setQ(e.currentTarget.value)} dir="auto" maxLength={200} data-testid="as-of-q" />
            <Group align="flex-end">
              <Button type="submit" leftSection={<IconCalendarTime size={18} />} disabled={!instant} data-testid="as-of-show">
                {t('auditAsOf.show')}
              </Button>
            </Group>
          </SimpleGrid>
        </form>
      </Card>

      {shownAt && (
        <Card padding={0}>
          <Group justify="space-between" p="md" wrap="wrap">
            <Title order={3} fz="md" data-testid="as-of-heading">
              {t('auditAsOf.listAt', { date: fmt.dateTime(shownAt) })}
            </Title>
          </Group>
          {list.isPending && (
            <Stack p="md" gap="xs" aria-busy="true" aria-label={t('common.loading')}>
              {[0, 1, 2, 3, 4].map((i) => (
                <Skeleton key={i} h={18} />
              ))}
            </Stack>
          )}
          {list.isError && (
            <Alert m="md" color="red" icon={<IconAlertTriangle />} title={t('auditAsOf.error')}>
              <ErrorMessage error={list.error} />
            </Alert>
          )}
          {data && data.items.length === 0 && <EmptyState p="xl" icon={<IconListDetails size={28} />} withIndicatorBackground title={t('auditAsOf.empty')} />}
          {data && data.items.length > 0 && (
            <Table.ScrollContainer minWidth={960}>
              <Table striped highlightOnHover verticalSpacing="xs" data-testid="as-of-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('auditAsOf.columns.reference')}</Table.Th>
                    <Table.Th>{t('auditAsOf.columns.text')}</Table.Th>
                    <Table.Th>{t('auditAsOf.columns.status')}</Table.Th>
                    <Table.Th>{t('auditAsOf.columns.response')}</Table.Th>
                    <Table.Th>{t('auditAsOf.columns.institutions')}</Table.Th>
                    <Table.Th>{t('auditAsOf.columns.lastChange')}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t('auditAsOf.open')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((item) => (
                    <Row key={item.id} item={item} at={data.at} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {data && (cursors.length > 1 || data.nextCursor) && (
            <Group justify="center" p="md" gap="sm">
              <Button variant="default" leftSection={<Prev size={16} />} disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="as-of-previous">
                {t('auditAsOf.previous')}
              </Button>
              <Button variant="default" rightSection={<Next size={16} />} disabled={!data.nextCursor} onClick={() => data.nextCursor && setCursors((c) => [...c, data.nextCursor!])} data-testid="as-of-next">
                {t('auditAsOf.next')}
              </Button>
            </Group>
          )}
        </Card>
      )}
    </Stack>
  );
}
