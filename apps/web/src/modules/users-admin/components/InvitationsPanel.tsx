import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Group, Loader, Modal, Select, Stack, Table, Text } from '@mantine/core';
import { IconCheck, IconMailForward, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat, useLocale } from '../../../app/locale';
import { useInstitutions } from '../../recommendations/hooks/use-reference';
import { institutionName } from '../../reporting/utils/labels';
import type { OpenInvitation } from '../api';
import { useInvitationAction, useInvitations } from '../hooks/use-users-admin';
import { UsersAdminError } from './UsersAdminError';

/** Invitations not accepted nor revoked (pending or expired): send again (new link, old one void) or revoke. */
export function InvitationsPanel() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fmt = useFormat();
  const institutions = useInstitutions();
  const [institutionId, setInstitutionId] = useState<string | null>(null);
  const invitations = useInvitations(institutionId ?? undefined);
  const action = useInvitationAction();
  const [revoking, setRevoking] = useState<OpenInvitation | null>(null);
  const [done, setDone] = useState<{ id: string; action: 'resend' | 'revoke'; email: string } | null>(null);
  const byId = useMemo(() => new Map((institutions.data ?? []).map((i) => [i.id, i])), [institutions.data]);

  const run = (invitation: OpenInvitation, kind: 'resend' | 'revoke') => {
    setDone(null);
    action.mutate(
      { id: invitation.id, action: kind },
      {
        onSuccess: () => setDone({ id: invitation.id, action: kind, email: invitation.email }),
        onSettled: () => setRevoking(null),
      },
    );
  };

  return (
    <Stack gap="md">
      <Card>
        <Select
          label={t('usersAdmin.filters.institution')}
          placeholder={t('usersAdmin.filters.any')}
          data={(institutions.data ?? []).map((i) => ({ value: i.id, label: `${institutionName(i, locale)} (${i.code})` }))}
          value={institutionId}
          onChange={setInstitutionId}
          searchable
          clearable
          nothingFoundMessage={t('usersAdmin.filters.noInstitution')}
          w={360}
          maw="100%"
          data-testid="invitations-filter-institution"
        />
      </Card>
      {done && (
        <Alert color="teal" variant="light" icon={<IconCheck />} data-testid="invitation-done">
          {t(done.action === 'resend' ? 'usersAdmin.invitations.resent' : 'usersAdmin.invitations.revoked')} <span dir="ltr">{done.email}</span>
        </Alert>
      )}
      <UsersAdminError error={action.error ?? invitations.error} />
      <Card>
        {invitations.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
        {invitations.data && invitations.data.length === 0 && (
          <Text fz="sm" c="dimmed" ta="center" py="lg" data-testid="invitations-empty">
            {t('usersAdmin.invitations.empty')}
          </Text>
        )}
        {invitations.data && invitations.data.length > 0 && (
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" data-testid="invitations-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('usersAdmin.columns.name')}</Table.Th>
                  <Table.Th>{t('usersAdmin.columns.role')}</Table.Th>
                  <Table.Th>{t('usersAdmin.columns.institution')}</Table.Th>
                  <Table.Th>{t('usersAdmin.invitations.sentBy')}</Table.Th>
                  <Table.Th>{t('usersAdmin.columns.status')}</Table.Th>
                  <Table.Th>{t('usersAdmin.invitations.expires')}</Table.Th>
                  <Table.Th>{t('usersAdmin.columns.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {invitations.data.map((inv) => {
                  const institution = byId.get(inv.institutionId);
                  const busy = action.isPending && action.variables?.id === inv.id;
                  return (
                    <Table.Tr key={inv.id} data-testid="invitation-row" data-email={inv.email}>
                      <Table.Td>
                        <Text fz="sm" fw={500}>
                          <bdi>{inv.name}</bdi>
                        </Text>
                        <Text fz="xs" c="dimmed">
                          <span dir="ltr">{inv.email}</span>
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {t(`roles.${inv.role}`, { defaultValue: inv.role })}
                        {inv.focalPointKind && (
                          <Text span c="dimmed" fz="xs">
                            {' · '}
                            {t(`usersAdmin.kinds.${inv.focalPointKind}`)}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{institution ? <bdi>{institutionName(institution, locale)}</bdi> : '—'}</Table.Td>
                      <Table.Td>{inv.invitedByName ? <bdi>{inv.invitedByName}</bdi> : '—'}</Table.Td>
                      <Table.Td>
                        <Badge color={inv.status === 'pending' ? 'blue' : 'orange'} variant="light" style={{ minWidth: 'max-content' }} data-testid="invitation-status">
                          {t(`usersAdmin.invitations.statuses.${inv.status}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <bdi>{fmt.dateTime(inv.expiresAt)}</bdi>
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button size="compact-sm" variant="light" leftSection={<IconMailForward size={14} />} onClick={() => run(inv, 'resend')} loading={busy && action.variables?.action === 'resend'} data-testid="invitation-resend">
                            {t('usersAdmin.invitations.resend')}
                          </Button>
                          <Button size="compact-sm" variant="subtle" color="red" leftSection={<IconX size={14} />} onClick={() => setRevoking(inv)} data-testid="invitation-revoke">
                            {t('usersAdmin.invitations.revoke')}
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <Modal opened={!!revoking} onClose={() => setRevoking(null)} title={t('usersAdmin.confirm.revokeTitle')} centered>
        {revoking && (
          <Stack>
            <Text fz="sm" fw={600}>
              <bdi>{revoking.name}</bdi> · <span dir="ltr">{revoking.email}</span>
            </Text>
            <Text fz="sm">{t('usersAdmin.confirm.revoke')}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRevoking(null)}>
                {t('common.cancel')}
              </Button>
              <Button color="red" onClick={() => run(revoking, 'revoke')} loading={action.isPending} data-testid="revoke-ok">
                {t('usersAdmin.invitations.revoke')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
