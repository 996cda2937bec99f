import { useState } from 'react';
import { Alert, Badge, Button, Divider, Drawer, Group, Loader, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowsJoin, IconBuildingCommunity, IconCheck, IconUsers } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Permission } from '@sidh/domain';
import { useAuth } from '../../../app/auth';
import { useFormat, useLocale } from '../../../app/locale';
import { RoutePath } from '../../../app/routes';
import { institutionName } from '../../reporting/utils/labels';
import type { InstitutionItem, MergeResult } from '../api';
import { useInstitutionDetail, useSetActive } from '../hooks/use-institutions-admin';
import { FocalPointsEditor } from './FocalPointsEditor';
import { InstitutionForm } from './InstitutionForm';
import { InstitutionsAdminError } from './InstitutionsAdminError';
import { MergeDialog } from './MergeDialog';

const COUNT_KEYS = ['assignments', 'contributions', 'evidence', 'comments', 'campaigns', 'users', 'invitations', 'children'] as const;

/**
 * One institution (`id`), or a new one (`id === 'new'`): its form, linked records, focal points,
 * deactivation and merger. Opens from the side the text ends on.
 */
export function InstitutionDrawer({ id, all, onClose, onOpen }: { id: string | null; all: readonly InstitutionItem[]; onClose: () => void; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const { locale, dir } = useLocale();
  const fmt = useFormat();
  const { can } = useAuth();
  const isNew = id === 'new';
  const detail = useInstitutionDetail(isNew ? null : id);
  const setActive = useSetActive(id ?? '');
  const [confirmDeactivate, setConfirmDeactivate] = useState(false);
  const [merging, setMerging] = useState(false);
  const [merged, setMerged] = useState<MergeResult | null>(null);
  const i = detail.data;
  const mergedInto = i?.mergedIntoId ? all.find((x) => x.id === i.mergedIntoId) : undefined;
  const frozen = !!i?.mergedIntoId;

  return (
    <Drawer
      opened={!!id}
      onClose={() => {
        setMerged(null);
        onClose();
      }}
      position={dir === 'rtl' ? 'left' : 'right'}
      size="xl"
      title={
        <Title order={2} fz="lg">
          {isNew ? t('institutionsAdmin.form.createTitle') : i ? <bdi>{institutionName(i, locale)}</bdi> : t('institutionsAdmin.form.editTitle')}
        </Title>
      }
      data-testid="institution-drawer"
    >
      {isNew && <InstitutionForm institution={null} all={all} onCreated={onOpen} />}
      {!isNew && detail.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      <InstitutionsAdminError error={detail.error} />
      {i && (
        <Stack gap="lg">
          <Group gap="xs">
            <Badge color={i.active ? 'teal' : 'gray'} variant="light" data-testid="institution-status">
              {mergedInto ? t('institutionsAdmin.status.merged', { name: mergedInto.code }) : t(i.active ? 'institutionsAdmin.status.active' : 'institutionsAdmin.status.inactive')}
            </Badge>
            <Badge variant="outline" color="gray">
              <bdi dir="ltr">{i.code}</bdi>
            </Badge>
          </Group>
          {merged && (
            <Alert color="teal" variant="light" icon={<IconCheck />} data-testid="merge-done">
              {t('institutionsAdmin.merge.done', { name: institutionName(merged.target, locale) })}
            </Alert>
          )}
          {frozen && mergedInto && (
            <Alert color="gray" variant="light">
              {t('institutionsAdmin.detail.mergedInto', { name: institutionName(mergedInto, locale), date: i.mergedAt ? fmt.date(i.mergedAt) : '' })}
            </Alert>
          )}
          <InstitutionForm institution={i} all={all} disabled={frozen} />
          <Divider />
          <Stack gap="xs">
            <Title order={3} fz="md">
              {t('institutionsAdmin.detail.counts')}
            </Title>
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" data-testid="institution-counts">
              {COUNT_KEYS.map((k) => (
                <Stack key={k} gap={0}>
                  <Text fz="lg" fw={700} data-testid={`institution-count-${k}`}>
                    <bdi>{fmt.number(i.counts[k])}</bdi>
                  </Text>
                  <Text fz="xs" c="dimmed">
                    {t(`institutionsAdmin.detail.${k}`)}
                  </Text>
                </Stack>
              ))}
            </SimpleGrid>
          </Stack>
          <Divider />
          <FocalPointsEditor institution={i} editable={!frozen && i.active && can(Permission.FocalPointDesignate)} />
          <Group>
            <Button component={Link} to={`${RoutePath.People}?institution=${encodeURIComponent(i.id)}`} variant="subtle" leftSection={<IconUsers size={16} />}>
              {t('institutionsAdmin.focal.people')}
            </Button>
          </Group>
          {!frozen && (
            <>
              <Divider />
              <InstitutionsAdminError error={setActive.error} />
              <Group justify="space-between">
                {i.active ? (
                  <Button variant="light" color="orange" leftSection={<IconBuildingCommunity size={16} />} onClick={() => setConfirmDeactivate(true)} data-testid="institution-deactivate">
                    {t('institutionsAdmin.deactivate.button')}
                  </Button>
                ) : (
                  <Button variant="light" color="teal" onClick={() => setActive.mutate({ version: i.version, active: true })} loading={setActive.isPending} data-testid="institution-reactivate">
                    {t('institutionsAdmin.deactivate.reactivate')}
                  </Button>
                )}
                {i.active && (
                  <Button variant="light" color="red" leftSection={<IconArrowsJoin size={16} />} onClick={() => setMerging(true)} data-testid="institution-merge">
                    {t('institutionsAdmin.merge.button')}
                  </Button>
                )}
              </Group>
            </>
          )}
          {confirmDeactivate && (
            <Modal opened onClose={() => setConfirmDeactivate(false)} title={t('institutionsAdmin.deactivate.confirmTitle')} centered>
              <Stack>
                <Text fz="sm">{t('institutionsAdmin.deactivate.confirmText')}</Text>
                <Group justify="flex-end">
                  <Button variant="default" onClick={() => setConfirmDeactivate(false)}>
                    {t('common.cancel')}
                  </Button>
                  <Button
                    color="orange"
                    loading={setActive.isPending}
                    onClick={() => setActive.mutate({ version: i.version, active: false }, { onSettled: () => setConfirmDeactivate(false) })}
                    data-testid="institution-deactivate-confirm"
                  >
                    {t('institutionsAdmin.deactivate.confirm')}
                  </Button>
                </Group>
              </Stack>
            </Modal>
          )}
          {merging && (
            <MergeDialog
              source={i}
              all={all}
              onClose={() => setMerging(false)}
              onMerged={(result) => {
                setMerging(false);
                setMerged(result);
              }}
            />
          )}
        </Stack>
      )}
    </Drawer>
  );
}
