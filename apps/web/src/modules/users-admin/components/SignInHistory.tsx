import { Badge, Button, Group, Loader, Table, Text, Title, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useFormat } from '../../../app/locale';
import type { SignInEvent } from '../api';
import { useSignIns } from '../hooks/use-users-admin';
import { UsersAdminError } from './UsersAdminError';

const OUTCOME_COLORS: Record<SignInEvent['outcome'], string> = {
  success: 'teal',
  bad_password: 'orange',
  bad_totp: 'orange',
  locked: 'red',
  rate_limited: 'red',
  inactive: 'gray',
};

/** An account's sign-in attempts (time, address, browser, outcome), newest first, with "more". */
export function SignInHistory({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const history = useSignIns(userId);
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  const missing = isApiError(history.error) && (history.error.code === 'route.not_found' || history.error.status === 404);

  return (
    <div data-testid="sign-in-history">
      <Title order={3} fz="md" mb="sm">
        {t('usersAdmin.signIns.title')}
      </Title>
      {history.isPending && <Loader size="xs" aria-label={t('common.loading')} />}
      {missing ? (
        <Text fz="sm" c="dimmed">
          {t('usersAdmin.signIns.unavailable')}
        </Text>
      ) : (
        <UsersAdminError error={history.error} />
      )}
      {history.data && items.length === 0 && (
        <Text fz="sm" c="dimmed" data-testid="sign-ins-empty">
          {t('usersAdmin.signIns.empty')}
        </Text>
      )}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={520}>
          <Table fz="sm" verticalSpacing={6} data-testid="sign-ins-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('usersAdmin.signIns.at')}</Table.Th>
                <Table.Th>{t('usersAdmin.signIns.outcome')}</Table.Th>
                <Table.Th>{t('usersAdmin.signIns.ip')}</Table.Th>
                <Table.Th>{t('usersAdmin.signIns.userAgent')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e, i) => (
                <Table.Tr key={`${e.at}-${i}`} data-testid="sign-in-row">
                  <Table.Td>
                    <bdi>{fmt.dateTime(e.at)}</bdi>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={OUTCOME_COLORS[e.outcome] ?? 'gray'} variant="light">
                      {t(`usersAdmin.signIns.outcomes.${e.outcome}`, { defaultValue: e.outcome })}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text span fz="sm" dir="ltr">
                      {e.ip ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td maw={220}>
                    <Tooltip label={e.userAgent ?? '—'} multiline maw={360} disabled={!e.userAgent}>
                      <Text span fz="xs" dir="ltr" lineClamp={1}>
                        {e.userAgent ?? '—'}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {history.hasNextPage && (
        <Group justify="center" mt="sm">
          <Button variant="subtle" size="compact-sm" onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage}>
            {t('usersAdmin.signIns.more')}
          </Button>
        </Group>
      )}
    </div>
  );
}
