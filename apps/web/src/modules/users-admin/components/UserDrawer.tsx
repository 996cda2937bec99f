import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Divider, Drawer, Group, Loader, Modal, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconInfoCircle, IconShieldOff, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { canManageRole, grantableRoles, isInstitutionScoped, Permission, type Role } from '@sidh/domain';
import { useAuth } from '../../../app/auth';
import { useFormat, useLocale } from '../../../app/locale';
import { useInstitutions } from '../../recommendations/hooks/use-reference';
import { institutionName } from '../../reporting/utils/labels';
import { useChangeUser, useResetTotp, useUser } from '../hooks/use-users-admin';
import { SignInHistory } from './SignInHistory';
import { UsersAdminError } from './UsersAdminError';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text fz="xs" c="dimmed">
        {label}
      </Text>
      <Text fz="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

/**
 * One account: what it is, its role and institution (editable when the rules of `user-admin.ts`
 * let the signed-in user change them), deactivation or reactivation after a confirmation, and its
 * sign-in history.
 */
export function UserDrawer({ userId, onClose }: { userId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale, dir } = useLocale();
  const fmt = useFormat();
  const { user: me, can } = useAuth();
  const user = useUser(userId);
  const institutions = useInstitutions();
  const change = useChangeUser(userId ?? '');
  const [role, setRole] = useState<Role | null>(null);
  const [institutionId, setInstitutionId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<null | 'deactivate' | 'reactivate' | 'resetTotp'>(null);
  const resetTotp = useResetTotp(userId ?? '');
  const [saved, setSaved] = useState(false);
  const u = user.data;

  useEffect(() => {
    setRole(u?.role ?? null);
    setInstitutionId(u?.institutionId ?? null);
  }, [u?.id, u?.version, u?.role, u?.institutionId]);
  useEffect(() => {
    setSaved(false);
    change.reset();
    // Only when another account is opened.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId]);

  const self = !!u && me?.id === u.id;
  const manageable = !!u && !!me && !self && canManageRole(me.role, u.role);
  const roles = useMemo(() => (me ? grantableRoles(me.role) : []), [me]);
  const needsInstitution = !!role && isInstitutionScoped(role);
  const dirty = !!u && (role !== u.role || (institutionId ?? null) !== (u.institutionId ?? null));
  const institution = u?.institutionId ? institutions.data?.find((i) => i.id === u.institutionId) : undefined;

  const save = () => {
    if (!u || !role) return;
    setSaved(false);
    change.mutate(
      { version: u.version, change: { kind: 'update', patch: { role, institutionId: needsInstitution ? institutionId : null } } },
      { onSuccess: () => setSaved(true) },
    );
  };
  const confirm = () => {
    if (!u || !confirming) return;
    setSaved(false);
    if (confirming === 'resetTotp') {
      resetTotp.mutate(undefined, { onSettled: () => setConfirming(null) });
      return;
    }
    change.mutate({ version: u.version, change: { kind: confirming } }, { onSettled: () => setConfirming(null) });
  };

  return (
    <Drawer
      opened={!!userId}
      onClose={onClose}
      position={dir === 'rtl' ? 'left' : 'right'}
      size="lg"
      title={<Title order={2} fz="lg">{u ? <bdi>{u.name}</bdi> : t('usersAdmin.drawer.title')}</Title>}
      data-testid="user-drawer"
    >
      {user.isPending && userId && <Loader size="sm" aria-label={t('common.loading')} />}
      <UsersAdminError error={user.error} />
      {u && (
        <Stack gap="lg">
          <SimpleGrid cols={2} spacing="md">
            <Field label={t('usersAdmin.columns.email')}>
              <span dir="ltr">{u.email}</span>
            </Field>
            <Field label={t('usersAdmin.columns.status')}>
              <Badge color={u.active ? 'teal' : 'gray'} variant="light" data-testid="drawer-status">
                {t(u.active ? 'usersAdmin.status.active' : 'usersAdmin.status.inactive')}
              </Badge>
            </Field>
            <Field label={t('usersAdmin.columns.role')}>
              {t(`roles.${u.role}`)}
              {u.focalPointKind && ` · ${t(`usersAdmin.kinds.${u.focalPointKind}`)}`}
            </Field>
            <Field label={t('usersAdmin.columns.institution')}>{institution ? <bdi>{institutionName(institution, locale)}</bdi> : '—'}</Field>
            <Field label={t('usersAdmin.drawer.language')}>{t(`languages.${u.locale}`)}</Field>
            <Field label={t('usersAdmin.columns.lastSignIn')}>{u.lastSignInAt ? <bdi>{fmt.dateTime(u.lastSignInAt)}</bdi> : t('usersAdmin.never')}</Field>
            <Field label={t('usersAdmin.drawer.createdAt')}>
              <bdi>{fmt.date(u.createdAt)}</bdi>
            </Field>
          </SimpleGrid>

          <Divider />
          {self && (
            <Alert color="blue" variant="light" icon={<IconInfoCircle />} data-testid="drawer-self">
              {t('usersAdmin.drawer.self')}
            </Alert>
          )}
          {!self && !manageable && (
            <Alert color="gray" variant="light" icon={<IconInfoCircle />} data-testid="drawer-readonly">
              {t('usersAdmin.drawer.readOnly')}
            </Alert>
          )}
          {manageable && (
            <Stack gap="sm">
              <Title order={3} fz="md">
                {t('usersAdmin.drawer.access')}
              </Title>
              <Group grow align="flex-start">
                <Select
                  label={t('usersAdmin.columns.role')}
                  data={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                  value={role}
                  onChange={(v) => v && setRole(v as Role)}
                  allowDeselect={false}
                  data-testid="drawer-role"
                />
                <Select
                  label={t('usersAdmin.columns.institution')}
                  data={(institutions.data ?? []).map((i) => ({ value: i.id, label: `${institutionName(i, locale)} (${i.code})` }))}
                  value={needsInstitution ? institutionId : null}
                  onChange={setInstitutionId}
                  disabled={!needsInstitution}
                  placeholder={needsInstitution ? t('usersAdmin.drawer.chooseInstitution') : t('usersAdmin.drawer.noInstitution')}
                  searchable
                  nothingFoundMessage={t('usersAdmin.filters.noInstitution')}
                  error={needsInstitution && !institutionId ? t('usersAdmin.errors.institutionRequired') : undefined}
                  data-testid="drawer-institution"
                />
              </Group>
              <Text fz="xs" c="dimmed">
                {t('usersAdmin.drawer.sessionsEnd')}
              </Text>
              <Group justify="flex-end">
                {saved && !dirty && (
                  <Text fz="sm" c="teal" data-testid="drawer-saved">
                    <IconCheck size={14} /> {t('usersAdmin.drawer.saved')}
                  </Text>
                )}
                <Button onClick={save} disabled={!dirty || (needsInstitution && !institutionId)} loading={change.isPending && !confirming} data-testid="drawer-save">
                  {t('usersAdmin.drawer.save')}
                </Button>
              </Group>
            </Stack>
          )}
          <UsersAdminError error={change.error} />
          {manageable && (
            <Group>
              {u.active ? (
                <Button color="red" variant="light" leftSection={<IconUserOff size={16} />} onClick={() => setConfirming('deactivate')} data-testid="drawer-deactivate">
                  {t('usersAdmin.drawer.deactivate')}
                </Button>
              ) : (
                <Button color="teal" variant="light" leftSection={<IconUserCheck size={16} />} onClick={() => setConfirming('reactivate')} data-testid="drawer-reactivate">
                  {t('usersAdmin.drawer.reactivate')}
                </Button>
              )}
            </Group>
          )}

          {/* A lost device: the administrator removes the account's two-factor sign-in (its sessions end). */}
          {manageable && can(Permission.UserManage) && (
            <Group>
              <Button variant="light" color="orange" leftSection={<IconShieldOff size={16} />} onClick={() => setConfirming('resetTotp')} data-testid="drawer-reset-totp">
                {t('usersAdmin.drawer.resetTotp')}
              </Button>
            </Group>
          )}
          <UsersAdminError error={resetTotp.error} />
          {/* The history's route (account:manage) serves the accounts the caller manages: the administrator any, the coordinator focal points and validators. */}
          {can(Permission.AccountManage) && !!me && canManageRole(me.role, u.role) && (
            <>
              <Divider />
              <SignInHistory userId={u.id} />
            </>
          )}
        </Stack>
      )}
      <Modal
        opened={!!confirming}
        onClose={() => setConfirming(null)}
        title={confirming ? t(`usersAdmin.confirm.${confirming}Title`) : ''}
        centered
        data-testid="confirm-dialog"
      >
        {u && confirming && (
          <Stack>
            <Text fz="sm" fw={600}>
              <bdi>{u.name}</bdi> · <span dir="ltr">{u.email}</span>
            </Text>
            <Text fz="sm">{t(`usersAdmin.confirm.${confirming}`)}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(null)}>
                {t('common.cancel')}
              </Button>
              <Button color={confirming === 'deactivate' ? 'red' : confirming === 'resetTotp' ? 'orange' : 'teal'} onClick={confirm} loading={change.isPending || resetTotp.isPending} data-testid="confirm-ok">
                {t(`usersAdmin.drawer.${confirming}`)}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Drawer>
  );
}
