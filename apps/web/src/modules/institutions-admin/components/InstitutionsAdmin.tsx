import { useMemo, useState } from 'react';
import { Button, Card, Group, Loader, Stack } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { InstitutionQuery } from '../api';
import { useInstitutionList } from '../hooks/use-institutions-admin';
import { InstitutionDrawer } from './InstitutionDrawer';
import { InstitutionsAdminError } from './InstitutionsAdminError';
import { InstitutionFiltersBar, InstitutionsTable, type InstitutionFilters } from './InstitutionsTable';

/** The institutions administration: filters, the list, and the drawer of the one opened (`?open=<id>` or `new`). */
export function InstitutionsAdmin() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [filters, setFilters] = useState<InstitutionFilters>({ q: '', type: null, status: 'all' });
  const [q] = useDebouncedValue(filters.q, 250);
  const query = useMemo<InstitutionQuery>(
    () => ({ ...(q.trim() ? { q: q.trim() } : {}), ...(filters.type ? { type: filters.type } : {}), ...(filters.status !== 'all' ? { active: filters.status === 'active' } : {}) }),
    [q, filters.type, filters.status],
  );
  const list = useInstitutionList(query);
  const all = useInstitutionList({});
  const open = params.get('open');
  const setOpen = (id: string | null) => setParams(id ? { open: id } : {}, { replace: true });

  return (
    <Stack gap="lg" data-testid="institutions-admin">
      <Group justify="space-between" align="flex-end">
        <InstitutionFiltersBar value={filters} onChange={setFilters} />
        <Button leftSection={<IconPlus size={16} />} onClick={() => setOpen('new')} data-testid="institution-new">
          {t('institutionsAdmin.new')}
        </Button>
      </Group>
      <InstitutionsAdminError error={list.error} />
      <Card>
        {list.isPending ? <Loader size="sm" aria-label={t('common.loading')} /> : <InstitutionsTable items={list.data ?? []} all={all.data ?? []} onOpen={setOpen} />}
      </Card>
      <InstitutionDrawer id={open} all={all.data ?? []} onClose={() => setOpen(null)} onOpen={setOpen} />
    </Stack>
  );
}
