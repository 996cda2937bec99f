import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconBellRinging, IconCalendarPlus, IconDownload, IconLock, IconLockOpen } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Permission } from '@sidh/domain';
import { useAuth } from '../../../app/auth';
import { useFormat, useLocale } from '../../../app/locale';
import type { CampaignDetail } from '../../../app/api-types';
import { ReportingError } from '../../reporting/components/ReportingError';
import { todayIso } from '../../reporting/utils/labels';
import { useExportCampaign, useRemindCampaign, useUpdateCampaign } from '../hooks/use-campaigns';
import { DateField } from '../../../app/DateField';

type Asking = 'close' | 'reopen' | 'extend' | 'remind' | null;

/**
 * What the coordinator does with a campaign: close or reopen it, extend the deadline, remind the focal
 * points now (each after a confirmation), and export the progress table (anyone who reads it). Every
 * change is sent with the version shown: someone else's change meanwhile answers 412, shown here.
 */
export function CampaignActions({ campaign }: { campaign: CampaignDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { locale } = useLocale();
  const fmt = useFormat();
  const [asking, setAsking] = useState<Asking>(null);
  const [deadline, setDeadline] = useState(campaign.deadline);
  /** What the last action did, translated when shown (so it follows a change of language). */
  const [done, setDone] = useState<{ key: string; params?: Record<string, unknown> } | null>(null);
  const update = useUpdateCampaign(campaign.id);
  const remind = useRemindCampaign(campaign.id);
  const exporter = useExportCampaign(campaign.id);
  const manage = can(Permission.CampaignManage);
  const open = campaign.status === 'open';

  const ask = (what: Exclude<Asking, null>) => {
    update.reset();
    remind.reset();
    setDone(null);
    if (what === 'extend') setDeadline(campaign.deadline > todayIso() ? campaign.deadline : todayIso());
    setAsking(what);
  };
  const close = () => setAsking(null);

  const confirm = () => {
    if (asking === 'remind') {
      remind.mutate(undefined, {
        onSuccess: (r) => {
          setDone(r.reminders > 0 ? { key: 'workflow.campaign.reminded', params: { count: r.reminders, reminders: r.reminders, notified: r.notifications } } : { key: 'workflow.campaign.remindedNone' });
          close();
        },
      });
      return;
    }
    const patch = asking === 'close' ? { status: 'closed' as const } : asking === 'reopen' ? { status: 'open' as const } : { deadline };
    update.mutate(
      { version: campaign.version, patch },
      {
        onSuccess: (c) => {
          setDone(asking === 'extend' ? { key: 'workflow.campaign.extended', params: { deadline: c.deadline } } : { key: `workflow.campaign.${asking === 'close' ? 'closed' : 'reopened'}` });
          close();
        },
      },
    );
  };

  const pending = update.isPending || remind.isPending;
  const deadlineOk = deadline >= todayIso() && deadline !== campaign.deadline;
  const error = asking === 'remind' ? remind.error : update.error;

  return (
    <Stack gap="xs" data-testid="campaign-actions">
      <Group gap="sm" wrap="wrap">
        {manage && open && (
          <Button variant="light" leftSection={<IconBellRinging size={16} />} onClick={() => ask('remind')} data-testid="campaign-remind">
            {t('workflow.campaign.remind')}
          </Button>
        )}
        {manage && (
          <Button variant="default" leftSection={<IconCalendarPlus size={16} />} onClick={() => ask('extend')} data-testid="campaign-extend">
            {t('workflow.campaign.extend')}
          </Button>
        )}
        {manage &&
          (open ? (
            <Button variant="default" color="red" leftSection={<IconLock size={16} />} onClick={() => ask('close')} data-testid="campaign-close">
              {t('workflow.campaign.close')}
            </Button>
          ) : (
            <Button variant="default" leftSection={<IconLockOpen size={16} />} onClick={() => ask('reopen')} data-testid="campaign-reopen">
              {t('workflow.campaign.reopen')}
            </Button>
          ))}
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          loading={exporter.isPending}
          onClick={() => {
            setDone(null);
            exporter.mutate(locale);
          }}
          data-testid="campaign-export"
        >
          {t('workflow.campaign.export')}
        </Button>
      </Group>
      {done && (
        <Alert color="teal" variant="light" withCloseButton onClose={() => setDone(null)} data-testid="campaign-action-done">
          {t(done.key, {
            ...done.params,
            ...(typeof done.params?.['reminders'] === 'number' ? { formatted: fmt.number(done.params['reminders']), notified: fmt.number(done.params['notified'] as number) } : {}),
            ...(typeof done.params?.['deadline'] === 'string' ? { date: fmt.date(done.params['deadline']) } : {}),
          })}
        </Alert>
      )}
      <ReportingError error={exporter.error} />
      <Modal opened={asking !== null} onClose={close} title={asking ? t(`workflow.campaign.${asking}Title`) : ''} centered>
        <Stack gap="sm" data-testid="campaign-action-dialog">
          <Text fz="sm">{asking ? t(`workflow.campaign.${asking}Confirm`, { date: fmt.date(campaign.deadline) }) : ''}</Text>
          {asking === 'extend' && (
            <DateField
              label={t('workflow.campaign.newDeadline')}
              value={deadline}
              min={todayIso()}
              onChange={setDeadline}
              required
              description={deadline ? fmt.date(deadline) : undefined}
              error={deadline && deadline < todayIso() ? t('workflow.campaign.deadlinePast') : undefined}
              data-testid="campaign-new-deadline"
              data-autofocus
            />
          )}
          <ReportingError error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button
              color={asking === 'close' ? 'red' : undefined}
              onClick={confirm}
              loading={pending}
              disabled={asking === 'extend' && !deadlineOk}
              data-testid="campaign-action-confirm"
            >
              {asking ? t(`workflow.campaign.${asking}`) : ''}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
