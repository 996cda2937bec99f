import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Loader, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconCheck, IconMailPlus } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from '@sidh/domain';
import { useFormat, useLocale } from '../../../app/locale';
import { ReportingError } from '../../reporting/components/ReportingError';
import { useInstitutions } from '../../recommendations/hooks/use-reference';
import type { CreateInvitation } from '../../../app/api-types';
import { institutionName } from '../../reporting/utils/labels';
import { autoDir } from '../../reporting/utils/auto-dir';
import { useInvite, useMembers } from '../hooks/use-people';
import { PeopleFocalPoints } from '../../institutions-admin/components/PeopleFocalPoints';

type InviteRole = CreateInvitation['role'];
type Kind = NonNullable<CreateInvitation['focalPointKind']>;

function InviteDialog({ institutionId, onClose }: { institutionId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<InviteRole>('focal_point');
  const [kind, setKind] = useState<Kind>('main');
  const [lang, setLang] = useState<Locale>(locale);
  const invite = useInvite(institutionId);
  const send = () =>
    invite.mutate({ email: email.trim(), name: name.trim(), role, institutionId, locale: lang, ...(role === 'focal_point' ? { focalPointKind: kind } : {}) });
  const valid = /^\S+@\S+\.\S+$/.test(email.trim()) && name.trim() !== '';
  return (
    <Modal opened onClose={onClose} title={t('reporting.people.inviteTitle')} centered size="lg">
      {invite.data ? (
        <Stack>
          <Alert color="teal" icon={<IconCheck />} data-testid="invite-sent">
            {t('reporting.people.inviteSent', { email: invite.data.email })}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('reporting.common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="sm">
          <TextInput label={t('reporting.people.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} ref={autoDir} required data-testid="invite-name" />
          <TextInput label={t('reporting.people.email')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} dir="ltr" required data-testid="invite-email" />
          <Group grow>
            <Select
              label={t('reporting.people.role')}
              value={role}
              onChange={(v) => v && setRole(v as InviteRole)}
              data={(['focal_point', 'validator'] as const).map((r) => ({ value: r, label: t(`roles.${r}`) }))}
              allowDeselect={false}
            />
            {role === 'focal_point' && (
              <Select
                label={t('reporting.people.kind')}
                value={kind}
                onChange={(v) => v && setKind(v as Kind)}
                data={(['main', 'alternate'] as const).map((k) => ({ value: k, label: t(`reporting.people.kinds.${k}`) }))}
                allowDeselect={false}
              />
            )}
            <Select
              label={t('reporting.people.language')}
              value={lang}
              onChange={(v) => v && setLang(v as Locale)}
              data={LOCALES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
              allowDeselect={false}
            />
          </Group>
          <Text fz="xs" c="dimmed">
            {t('reporting.people.inviteHelp')}
          </Text>
          <ReportingError error={invite.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button onClick={send} disabled={!valid} loading={invite.isPending} leftSection={<IconMailPlus size={16} />} data-testid="invite-send">
              {t('reporting.people.send')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/** An institution's people (focal points main/alternate, validators) and pending invitations. */
export function InstitutionPeople() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const institutions = useInstitutions();
  const institutionId = params.get('institution');
  const [inviting, setInviting] = useState(false);
  const members = useMembers(institutionId);
  const roleLabel = (role: string, kind: string | null) =>
    `${t(`roles.${role}`, { defaultValue: role })}${kind ? ` · ${t(`reporting.people.kinds.${kind}`)}` : ''}`;

  return (
    <Stack gap="lg" data-testid="people">
      <Group align="flex-end" justify="space-between">
        <Select
          label={t('reporting.people.institution')}
          placeholder={t('reporting.people.chooseInstitution')}
          data={(institutions.data ?? []).map((i) => ({ value: i.id, label: `${institutionName(i, locale)} (${i.code})` }))}
          value={institutionId}
          onChange={(v) => setParams(v ? { institution: v } : {}, { replace: true })}
          searchable
          w={480}
          maw="100%"
          nothingFoundMessage={t('reporting.scope.noResult')}
          data-testid="people-institution"
        />
        {institutionId && (
          <Button leftSection={<IconMailPlus size={16} />} onClick={() => setInviting(true)} data-testid="invite-open">
            {t('reporting.people.invite')}
          </Button>
        )}
      </Group>
      {!institutionId && (
        <Card>
          <Text c="dimmed" fz="sm" ta="center" py="lg">
            {t('reporting.people.pick')}
          </Text>
        </Card>
      )}
      {members.isPending && institutionId && <Loader size="sm" aria-label={t('common.loading')} />}
      <ReportingError error={members.error} />
      {members.data && (
        <>
          <Card>
            <Title order={2} fz="md" mb="md">
              {t('reporting.people.members')}
            </Title>
            {members.data.members.length === 0 ? (
              <Text fz="sm" c="dimmed">
                {t('reporting.people.noMembers')}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={620}>
                <Table verticalSpacing="sm" data-testid="members-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('reporting.people.name')}</Table.Th>
                      <Table.Th>{t('reporting.people.email')}</Table.Th>
                      <Table.Th>{t('reporting.people.role')}</Table.Th>
                      <Table.Th>{t('reporting.people.status')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {members.data.members.map((m) => (
                      <Table.Tr key={m.id}>
                        <Table.Td fz="sm" fw={500}>
                          {m.name}
                        </Table.Td>
                        <Table.Td fz="sm">
                          <bdi dir="ltr">{m.email}</bdi>
                          <Text fz="xs" c="dimmed">
                            <bdi dir="ltr">@{m.emailDomain}</bdi>
                          </Text>
                        </Table.Td>
                        <Table.Td fz="sm">{roleLabel(m.role, m.focalPointKind)}</Table.Td>
                        <Table.Td>
                          <Badge color={m.active ? 'teal' : 'gray'} variant="light">
                            {m.active ? t('reporting.people.active') : t('reporting.people.inactive')}
                          </Badge>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Card>
          {institutionId && <PeopleFocalPoints institutionId={institutionId} />}
          {members.data.pendingInvitations.length > 0 && (
            <Card>
              <Title order={2} fz="md" mb="md">
                {t('reporting.people.pending')}
              </Title>
              <Table verticalSpacing="xs">
                <Table.Tbody>
                  {members.data.pendingInvitations.map((i) => (
                    <Table.Tr key={i.id} data-testid="pending-invitation">
                      <Table.Td fz="sm">{i.name}</Table.Td>
                      <Table.Td fz="sm">
                        <bdi dir="ltr">{i.email}</bdi>
                      </Table.Td>
                      <Table.Td fz="sm">{roleLabel(i.role, i.focalPointKind)}</Table.Td>
                      <Table.Td fz="xs" c="dimmed">
                        {t('reporting.people.expires', { date: fmt.dateTime(i.expiresAt) })}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          )}
        </>
      )}
      {inviting && institutionId && <InviteDialog institutionId={institutionId} onClose={() => setInviting(false)} />}
    </Stack>
  );
}
