import { useMemo, useState } from 'react';
import { Badge, Button, Card, Group, Loader, Pagination, Select, Stack, Table, Text, TextInput, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '@sidh/domain';
import { DateField } from '../../../app/DateField';
import { useFormat, useLocale } from '../../../app/locale';
import { useInstitutions } from '../../recommendations/hooks/use-reference';
import { institutionName } from '../../reporting/utils/labels';
import { autoDir } from '../../reporting/utils/auto-dir';
import type { UserQuery, UserSummary } from '../api';
import { useUsers } from '../hooks/use-users-admin';
import { UsersAdminError } from './UsersAdminError';

type Sort = NonNullable<UserQuery['sort']>;
type SignInFilter = 'any' | 'never' | 'ever';
const PAGE_SIZE = 20;

/** Local midnight of an ISO date, as an instant (the filters are days in the user's time zone). */
const dayStart = (iso: string) => new Date(`${iso}T00:00:00`).toISOString();

/** The accounts, with their filters (text, role, institution, activation, last sign-in), sort and pages. */
export function UsersTable({ onOpen }: { onOpen: (user: UserSummary) => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fmt = useFormat();
  const institutions = useInstitutions();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 300);
  const [role, setRole] = useState<Role | null>(null);
  const [institutionId, setInstitutionId] = useState<string | null>(null);
  const [active, setActive] = useState<'any' | 'true' | 'false'>('true');
  const [signIn, setSignIn] = useState<SignInFilter>('any');
  const [after, setAfter] = useState('');
  const [before, setBefore] = useState('');
  const [sort, setSort] = useState<Sort>('name');
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const [page, setPage] = useState(1);

  const query: UserQuery = useMemo(
    () => ({
      page,
      pageSize: PAGE_SIZE,
      sort,
      order,
      ...(q ? { q } : {}),
      ...(role ? { role } : {}),
      ...(institutionId ? { institutionId } : {}),
      ...(active !== 'any' ? { active: active === 'true' } : {}),
      ...(signIn !== 'any' ? { neverSignedIn: signIn === 'never' } : {}),
      ...(after ? { lastSignInAfter: dayStart(after) } : {}),
      ...(before ? { lastSignInBefore: dayStart(before) } : {}),
    }),
    [page, sort, order, q, role, institutionId, active, signIn, after, before],
  );
  const users = useUsers(query);
  const byId = useMemo(() => new Map((institutions.data ?? []).map((i) => [i.id, i])), [institutions.data]);
  const reset = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };
  const sortBy = (key: Sort) => {
    if (sort === key) setOrder(order === 'asc' ? 'desc' : 'asc');
    else {
      setSort(key);
      setOrder(key === 'lastSignInAt' || key === 'createdAt' ? 'desc' : 'asc');
    }
    setPage(1);
  };
  const header = (key: Sort, label: string) => (
    <Table.Th aria-sort={sort === key ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton onClick={() => sortBy(key)} fw={600} fz="sm" data-testid={`users-sort-${key}`}>
        <Group gap={4} wrap="nowrap">
          {label}
          {sort === key && (order === 'asc' ? <IconArrowUp size={14} aria-hidden /> : <IconArrowDown size={14} aria-hidden />)}
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
  const data = users.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <Stack gap="md">
      <Card>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={t('usersAdmin.filters.search')}
            placeholder={t('usersAdmin.filters.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              setPage(1);
            }}
            ref={autoDir}
            w={260}
            data-testid="users-search"
          />
          <Select
            label={t('usersAdmin.filters.role')}
            placeholder={t('usersAdmin.filters.any')}
            data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={role}
            onChange={reset((v: string | null) => setRole(v as Role | null))}
            clearable
            w={190}
            data-testid="users-filter-role"
          />
          <Select
            label={t('usersAdmin.filters.institution')}
            placeholder={t('usersAdmin.filters.any')}
            data={(institutions.data ?? []).map((i) => ({ value: i.id, label: `${institutionName(i, locale)} (${i.code})` }))}
            value={institutionId}
            onChange={reset(setInstitutionId)}
            searchable
            clearable
            nothingFoundMessage={t('usersAdmin.filters.noInstitution')}
            w={300}
            data-testid="users-filter-institution"
          />
          <Select
            label={t('usersAdmin.filters.status')}
            data={[
              { value: 'any', label: t('usersAdmin.filters.any') },
              { value: 'true', label: t('usersAdmin.status.active') },
              { value: 'false', label: t('usersAdmin.status.inactive') },
            ]}
            value={active}
            onChange={reset((v: string | null) => setActive((v ?? 'any') as 'any' | 'true' | 'false'))}
            allowDeselect={false}
            w={150}
            data-testid="users-filter-active"
          />
          <Select
            label={t('usersAdmin.filters.signIn')}
            data={[
              { value: 'any', label: t('usersAdmin.filters.any') },
              { value: 'ever', label: t('usersAdmin.filters.signedIn') },
              { value: 'never', label: t('usersAdmin.filters.neverSignedIn') },
            ]}
            value={signIn}
            onChange={reset((v: string | null) => setSignIn((v ?? 'any') as SignInFilter))}
            allowDeselect={false}
            w={170}
            data-testid="users-filter-signin"
          />
          <DateField label={t('usersAdmin.filters.signedInAfter')} value={after} onChange={reset(setAfter)} w={170} data-testid="users-filter-after" />
          <DateField label={t('usersAdmin.filters.signedInBefore')} value={before} onChange={reset(setBefore)} w={170} data-testid="users-filter-before" />
        </Group>
      </Card>
      <UsersAdminError error={users.error} />
      <Card>
        <Group justify="space-between" mb="sm">
          <Text fz="sm" c="dimmed" data-testid="users-total">
            {data ? t('usersAdmin.total', { count: data.total, formatted: fmt.number(data.total) }) : ' '}
          </Text>
          {users.isFetching && <Loader size="xs" aria-label={t('common.loading')} />}
        </Group>
        {data && data.items.length === 0 ? (
          <Text fz="sm" c="dimmed" ta="center" py="lg" data-testid="users-empty">
            {t('usersAdmin.empty')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="users-table">
              <Table.Thead>
                <Table.Tr>
                  {header('name', t('usersAdmin.columns.name'))}
                  {header('email', t('usersAdmin.columns.email'))}
                  {header('role', t('usersAdmin.columns.role'))}
                  <Table.Th>{t('usersAdmin.columns.institution')}</Table.Th>
                  <Table.Th>{t('usersAdmin.columns.status')}</Table.Th>
                  {header('lastSignInAt', t('usersAdmin.columns.lastSignIn'))}
                  <Table.Th>
                    <VisuallyHidden>{t('usersAdmin.columns.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(data?.items ?? []).map((u) => {
                  const institution = u.institutionId ? byId.get(u.institutionId) : undefined;
                  return (
                    <Table.Tr key={u.id} data-testid="users-row" data-email={u.email}>
                      <Table.Td>
                        <bdi>{u.name}</bdi>
                      </Table.Td>
                      <Table.Td>
                        <Text fz="sm" dir="ltr" span>
                          {u.email}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {t(`roles.${u.role}`)}
                        {u.focalPointKind && (
                          <Text span c="dimmed" fz="xs">
                            {' · '}
                            {t(`usersAdmin.kinds.${u.focalPointKind}`)}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{institution ? <bdi>{institutionName(institution, locale)}</bdi> : <Text c="dimmed" fz="sm" span>—</Text>}</Table.Td>
                      <Table.Td>
                        <Badge color={u.active ? 'teal' : 'gray'} variant="light" style={{ minWidth: 'max-content' }} data-testid="users-status">
                          {t(u.active ? 'usersAdmin.status.active' : 'usersAdmin.status.inactive')}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{u.lastSignInAt ? <bdi>{fmt.dateTime(u.lastSignInAt)}</bdi> : <Text c="dimmed" fz="sm" span>{t('usersAdmin.never')}</Text>}</Table.Td>
                      <Table.Td>
                        <Button size="compact-sm" variant="light" onClick={() => onOpen(u)} data-testid="users-open">
                          {t('usersAdmin.open')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {pages > 1 && (
          <Group justify="center" mt="md">
            <Pagination total={pages} value={page} onChange={setPage} getControlProps={(c) => ({ 'aria-label': t(`pagination.${c}`) })} />
          </Group>
        )}
      </Card>
    </Stack>
  );
}
