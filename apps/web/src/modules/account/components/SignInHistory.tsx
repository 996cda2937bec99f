import { Badge, Button, Card, Loader, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../app/ErrorMessage';
import { useSignIns } from '../hooks/use-account';

const OUTCOME_COLOR: Record<string, string> = { success: 'teal', bad_password: 'red', bad_totp: 'red', locked: 'orange', rate_limited: 'orange', inactive: 'gray' };

/** The user's own sign-ins, newest first, ten at a time. */
export function SignInHistory() {
  const { t, i18n } = useTranslation();
  const signIns = useSignIns();
  const items = signIns.data?.pages.flatMap((p) => p.items) ?? [];
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="account-sign-ins-title">
      <Title order={2} fz={18} mb="sm" id="account-sign-ins-title">
        {t('account.signIns.title')}
      </Title>
      {signIns.isPending ? (
        <Loader size="sm" />
      ) : signIns.error ? (
        <ErrorMessage error={signIns.error} />
      ) : items.length === 0 ? (
        <Text fz="sm" c="dimmed">
          {t('account.signIns.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped data-testid="sign-in-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('account.signIns.at')}</Table.Th>
                <Table.Th>{t('account.signIns.outcome')}</Table.Th>
                <Table.Th>{t('account.signIns.ip')}</Table.Th>
                <Table.Th>{t('account.signIns.userAgent')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={`${item.at}-${item.outcome}-${item.ip}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <bdi>{format.format(new Date(item.at))}</bdi>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Badge variant="light" color={OUTCOME_COLOR[item.outcome] ?? 'gray'} style={{ overflow: 'visible' }}>
                      {t(`account.signIns.outcomes.${item.outcome}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <bdi dir="ltr">{item.ip ?? '—'}</bdi>
                  </Table.Td>
                  <Table.Td maw={320}>
                    <Text fz="xs" c="dimmed" lineClamp={1} dir="ltr" title={item.userAgent ?? undefined}>
                      {item.userAgent ?? '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {signIns.hasNextPage && (
        <Button variant="subtle" mt="sm" onClick={() => void signIns.fetchNextPage()} loading={signIns.isFetchingNextPage}>
          {t('account.signIns.more')}
        </Button>
      )}
    </Card>
  );
}
