import { useState } from 'react';
import { Tabs } from '@mantine/core';
import { IconMail, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Permission } from '@sidh/domain';
import { useAuth } from '../../../app/auth';
import { PageHeader } from '../../../pages/PageHeader';
import { InvitationsPanel } from '../components/InvitationsPanel';
import { UserDrawer } from '../components/UserDrawer';
import { UsersTable } from '../components/UsersTable';

/** Users administration: the accounts (filters, detail drawer) and the pending invitations. */
export function UsersAdminPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <>
      <PageHeader title={t('usersAdmin.title')} description={t('usersAdmin.description')} />
      <Tabs defaultValue="users" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="users" leftSection={<IconUsers size={16} />} data-testid="tab-users">
            {t('usersAdmin.tabs.users')}
          </Tabs.Tab>
          {can(Permission.UserInvite) && (
            <Tabs.Tab value="invitations" leftSection={<IconMail size={16} />} data-testid="tab-invitations">
              {t('usersAdmin.tabs.invitations')}
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="users">
          <UsersTable onOpen={(u) => setOpenId(u.id)} />
        </Tabs.Panel>
        <Tabs.Panel value="invitations">
          <InvitationsPanel />
        </Tabs.Panel>
      </Tabs>
      <UserDrawer userId={openId} onClose={() => setOpenId(null)} />
    </>
  );
}
