import { Stack, Tabs } from '@mantine/core';
import { IconCalendarTime, IconClockHour4, IconListDetails, IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AsOfRecommendations } from '../modules/audit/components/AsOfRecommendations';
import { AuditLog } from '../modules/audit/components/AuditLog';
import { PointInTime } from '../modules/audit/components/PointInTime';
import { ProofPanel, VerifyPanel } from '../modules/audit/components/ProofPanel';
import { Permission } from '@sidh/domain';
import { useAuth } from '../app/auth';
import { PageHeader } from './PageHeader';

const TABS = ['log', 'history', 'asOf', 'proof'] as const;
type Tab = (typeof TABS)[number];

/** The auditor's workspace: the log (filters, diffs, exports), a record at any date, the proofs. */
export function AuditPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const current = params.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(current ?? '') ? (current as Tab) : 'log';
  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.description')} />
      <Tabs
        value={tab}
        onChange={(v) => {
          const next = new URLSearchParams(params);
          next.set('tab', v ?? 'log');
          setParams(next);
        }}
        keepMounted={false}
      >
        <Tabs.List mb="lg">
          <Tabs.Tab value="log" leftSection={<IconListDetails size={16} />} data-testid="tab-log">
            {t('auditWorkspace.tabs.log')}
          </Tabs.Tab>
          <Tabs.Tab value="history" leftSection={<IconClockHour4 size={16} />} data-testid="tab-history">
            {t('auditWorkspace.tabs.history')}
          </Tabs.Tab>
          <Tabs.Tab value="asOf" leftSection={<IconCalendarTime size={16} />} data-testid="tab-as-of">
            {t('auditAsOf.tab')}
          </Tabs.Tab>
          <Tabs.Tab value="proof" leftSection={<IconShieldCheck size={16} />} data-testid="tab-proof">
            {t('auditWorkspace.tabs.proof')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="log">
          <Stack gap="lg">
            {can(Permission.AuditVerify) && <VerifyPanel />}
            <AuditLog />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <PointInTime />
        </Tabs.Panel>
        <Tabs.Panel value="asOf">
          <AsOfRecommendations />
        </Tabs.Panel>
        <Tabs.Panel value="proof">
          <ProofPanel />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
