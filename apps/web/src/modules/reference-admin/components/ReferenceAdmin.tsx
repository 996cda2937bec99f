import { useMemo, useState } from 'react';
import { Button, Group, Select, Stack, Tabs, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { MECHANISMS } from '@sidh/domain';
import { useFormat, useLocale } from '../../../app/locale';
import { LIST_KINDS, referenceAdminApi, type Body, type ListItem, type ListKind, type Review, type SubAxis } from '../api';
import { useBodiesAdmin, useListAdmin, useReferenceWrite, useReviewsAdmin } from '../hooks/use-reference-admin';
import { matchesFilter, nameIn, titleIn, type StatusFilter } from '../utils/filter';
import { BodyDrawer } from './BodyDrawer';
import { FormAlert } from './form-errors';
import { ListItemDrawer } from './ListItemDrawer';
import { ReferenceTable, RowActions, StatusBadge, TableFilters, type Column } from './ReferenceTable';
import { ReviewDrawer } from './ReviewDrawer';

type Tab = 'bodies' | 'reviews' | ListKind;
const TABS: Tab[] = ['bodies', 'reviews', ...LIST_KINDS];

/** A drawer's state: closed, creating, or editing one row (its key remounts the form with the row's values). */
type Editing<T> = { row: T | null } | null;

/** Reference data administration: one tab per kind, a table with filters, a drawer to create or edit. */
export function ReferenceAdmin() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('bodies');
  return (
    <Tabs value={tab} onChange={(v) => v && setTab(v as Tab)} keepMounted={false}>
      <Tabs.List mb="md">
        {TABS.map((k) => (
          <Tabs.Tab key={k} value={k} data-testid={`tab-${k}`}>
            {t(`referenceAdmin.tabs.${k}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      <Tabs.Panel value="bodies">
        <BodiesPanel />
      </Tabs.Panel>
      <Tabs.Panel value="reviews">
        <ReviewsPanel />
      </Tabs.Panel>
      {LIST_KINDS.map((k) => (
        <Tabs.Panel key={k} value={k}>
          <ListPanel kind={k} />
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}

function AddButton({ tab, onClick }: { tab: Tab; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Button leftSection={<IconPlus size={16} />} onClick={onClick} data-testid={`add-${tab}`}>
      {t(`referenceAdmin.create.${tab}`)}
    </Button>
  );
}

function BodiesPanel() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const bodies = useBodiesAdmin();
  const [text, setText] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [mechanism, setMechanism] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing<Body>>(null);
  const toggle = useReferenceWrite((b: Body) => referenceAdminApi.updateBody(b.id, b.version, { active: !b.active }));
  const rows = (bodies.data ?? []).filter((b) => matchesFilter(b, text, status) && (!mechanism || b.mechanism === mechanism));
  const columns: Column<Body>[] = [
    { key: 'code', label: t('referenceAdmin.fields.code'), render: (b) => <bdi>{b.code}</bdi> },
    { key: 'name', label: t('referenceAdmin.fields.name'), render: (b) => <bdi>{nameIn(b, locale)}</bdi> },
    { key: 'mechanism', label: t('referenceAdmin.fields.mechanism'), render: (b) => t(`mechanism.${b.mechanism}`) },
    { key: 'followUp', label: t('referenceAdmin.fields.followUpMonths'), render: (b) => (b.followUpMonths === null ? '—' : <bdi>{t('referenceAdmin.months', { count: b.followUpMonths })}</bdi>) },
    { key: 'status', label: t('referenceAdmin.fields.status'), render: (b) => <StatusBadge active={b.active} /> },
  ];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <TableFilters
          text={text}
          onText={setText}
          status={status}
          onStatus={setStatus}
          extra={<Select label={t('referenceAdmin.fields.mechanism')} data={MECHANISMS.map((m) => ({ value: m, label: t(`mechanism.${m}`) }))} value={mechanism} onChange={setMechanism} clearable placeholder={t('referenceAdmin.filters.any')} w={220} />}
        />
        <AddButton tab="bodies" onClick={() => setEditing({ row: null })} />
      </Group>
      <FormAlert error={toggle.error} />
      <ReferenceTable
        rows={rows}
        columns={columns}
        rowKey={(b) => b.code}
        loading={bodies.isLoading}
        actions={(b) => <RowActions active={b.active} onEdit={() => setEditing({ row: b })} onToggle={() => toggle.mutate(b)} busy={toggle.isPending && toggle.variables?.id === b.id} testId={b.code} />}
      />
      {editing && <BodyDrawer key={editing.row?.id ?? 'new'} body={editing.row} opened onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function ReviewsPanel() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fmt = useFormat();
  const reviews = useReviewsAdmin();
  const bodies = useBodiesAdmin();
  const [text, setText] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [bodyId, setBodyId] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing<Review>>(null);
  const toggle = useReferenceWrite((r: Review) => referenceAdminApi.updateReview(r.id, r.version, { active: !r.active }));
  const byId = useMemo(() => new Map((bodies.data ?? []).map((b) => [b.id, b])), [bodies.data]);
  const rows = (reviews.data ?? []).filter((r) => matchesFilter(r, text, status) && (!bodyId || r.bodyId === bodyId));
  const columns: Column<Review>[] = [
    { key: 'body', label: t('referenceAdmin.fields.body'), render: (r) => <bdi>{byId.get(r.bodyId)?.code ?? '—'}</bdi> },
    { key: 'code', label: t('referenceAdmin.fields.code'), render: (r) => <bdi>{r.code}</bdi> },
    { key: 'title', label: t('referenceAdmin.fields.title'), render: (r) => <bdi>{titleIn(r, locale)}</bdi> },
    {
      key: 'when',
      label: t('referenceAdmin.fields.cycleOrSession'),
      render: (r) => (r.cycle !== null ? t('referenceAdmin.cycle', { cycle: r.cycle }) : r.session ? <bdi>{r.session}</bdi> : '—'),
    },
    { key: 'date', label: t('referenceAdmin.fields.reviewDate'), render: (r) => (r.reviewDate ? <bdi>{fmt.date(r.reviewDate)}</bdi> : r.year ? <bdi>{r.year}</bdi> : '—') },
    { key: 'symbol', label: t('referenceAdmin.fields.documentSymbol'), render: (r) => (r.documentSymbol ? <bdi>{r.documentSymbol}</bdi> : '—') },
    { key: 'status', label: t('referenceAdmin.fields.status'), render: (r) => <StatusBadge active={r.active} /> },
  ];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <TableFilters
          text={text}
          onText={setText}
          status={status}
          onStatus={setStatus}
          extra={
            <Select
              label={t('referenceAdmin.fields.body')}
              data={(bodies.data ?? []).map((b) => ({ value: b.id, label: `${b.code} — ${nameIn(b, locale)}` }))}
              value={bodyId}
              onChange={setBodyId}
              clearable
              searchable
              placeholder={t('referenceAdmin.filters.any')}
              w={260}
            />
          }
        />
        <AddButton tab="reviews" onClick={() => setEditing({ row: null })} />
      </Group>
      <FormAlert error={toggle.error} />
      <ReferenceTable
        rows={rows}
        columns={columns}
        rowKey={(r) => r.id}
        loading={reviews.isLoading}
        actions={(r) => <RowActions active={r.active} onEdit={() => setEditing({ row: r })} onToggle={() => toggle.mutate(r)} busy={toggle.isPending && toggle.variables?.id === r.id} testId={r.code} />}
      />
      {editing && <ReviewDrawer key={editing.row?.id ?? 'new'} review={editing.row} bodies={bodies.data ?? []} opened onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function ListPanel({ kind }: { kind: ListKind }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const items = useListAdmin(kind);
  const [text, setText] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [editing, setEditing] = useState<Editing<ListItem | SubAxis>>(null);
  const toggle = useReferenceWrite((i: ListItem) => referenceAdminApi.updateItem(kind, i.code, i.version, { active: !i.active }));
  const rows = (items.data ?? []).filter((i) => matchesFilter(i, text, status));
  const columns: Column<ListItem | SubAxis>[] = [
    { key: 'code', label: t('referenceAdmin.fields.code'), render: (i) => <bdi>{i.code}</bdi> },
    ...(kind === 'sub-axes' ? [{ key: 'axis', label: t('referenceAdmin.fields.axis'), render: (i: ListItem | SubAxis) => <bdi>{(i as SubAxis).axisCode}</bdi> }] : []),
    { key: 'ar', label: t('referenceAdmin.fields.nameAr'), render: (i) => <Text fz="sm" dir="rtl" lang="ar">{i.nameAr}</Text> },
    { key: 'name', label: t('referenceAdmin.fields.name'), render: (i) => <bdi>{nameIn({ ...i, nameAr: locale === 'ar' ? '' : i.nameAr }, locale === 'ar' ? 'fr' : locale)}</bdi> },
    { key: 'status', label: t('referenceAdmin.fields.status'), render: (i) => <StatusBadge active={i.active} /> },
  ];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <TableFilters text={text} onText={setText} status={status} onStatus={setStatus} />
        <AddButton tab={kind} onClick={() => setEditing({ row: null })} />
      </Group>
      <FormAlert error={toggle.error} />
      <ReferenceTable
        rows={rows}
        columns={columns}
        rowKey={(i) => i.code}
        loading={items.isLoading}
        actions={(i) => <RowActions active={i.active} onEdit={() => setEditing({ row: i })} onToggle={() => toggle.mutate(i)} busy={toggle.isPending && toggle.variables?.code === i.code} testId={i.code} />}
      />
      {editing && <ListItemDrawer key={editing.row?.code ?? 'new'} kind={kind} item={editing.row} opened onClose={() => setEditing(null)} />}
    </Stack>
  );
}
