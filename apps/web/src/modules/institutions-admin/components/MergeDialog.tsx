import { useMemo, useState } from 'react';
import { Alert, Button, Group, Loader, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconArrowsJoin } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { wouldMakeCycle } from '@sidh/domain';
import { useFormat, useLocale } from '../../../app/locale';
import { institutionName } from '../../reporting/utils/labels';
import type { InstitutionDetail, InstitutionItem, MergeResult } from '../api';
import { useMerge, useMergePreview } from '../hooks/use-institutions-admin';
import { InstitutionsAdminError } from './InstitutionsAdminError';

const COUNT_KEYS = ['assignments', 'contributions', 'evidence', 'comments', 'campaigns', 'users', 'invitations', 'children'] as const;

/**
 * Merging `source` into another institution: choose the target, see what moves (counts, folded
 * assignments, dropped empty drafts, conflicts), type the source's code to confirm.
 */
export function MergeDialog({ source, all, onClose, onMerged }: { source: InstitutionDetail; all: readonly InstitutionItem[]; onClose: () => void; onMerged: (result: MergeResult) => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fmt = useFormat();
  const [targetId, setTargetId] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const preview = useMergePreview(source.id, targetId);
  const merge = useMerge(source.id);
  const targets = useMemo(() => {
    const parentOf = new Map(all.map((i) => [i.id, i.parentId ?? null]));
    return all
      .filter((i) => i.active && i.id !== source.id && !wouldMakeCycle(source.id, i.id, parentOf))
      .map((i) => ({ value: i.id, label: `${institutionName(i, locale)} (${i.code})` }));
  }, [all, source.id, locale]);
  const p = preview.data;
  const possible = !!p && p.refusal === null && p.conflicts.length === 0;
  const confirmed = typed.trim() === source.code;
  const target = all.find((i) => i.id === targetId);

  return (
    <Modal opened onClose={onClose} title={t('institutionsAdmin.merge.title', { name: institutionName(source, locale) })} size="lg" centered data-testid="merge-dialog">
      <Stack gap="md">
        <Alert color="orange" variant="light" icon={<IconAlertTriangle />}>
          {t('institutionsAdmin.merge.intro')}
        </Alert>
        <Select
          label={t('institutionsAdmin.merge.target')}
          data={targets}
          value={targetId}
          onChange={(v) => {
            setTargetId(v);
            merge.reset();
          }}
          searchable
          data-testid="merge-target"
        />
        {preview.isFetching && <Loader size="sm" aria-label={t('common.loading')} />}
        <InstitutionsAdminError error={preview.error} />
        {p && (
          <Stack gap="xs" data-testid="merge-preview">
            <Text fw={600} fz="sm">
              {t('institutionsAdmin.merge.preview')}
            </Text>
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
              {COUNT_KEYS.map((k) => (
                <Stack key={k} gap={0} data-testid={`merge-count-${k}`}>
                  <Text fz="lg" fw={700}>
                    <bdi>{fmt.number(p.moves[k])}</bdi>
                  </Text>
                  <Text fz="xs" c="dimmed">
                    {t(`institutionsAdmin.detail.${k}`)}
                  </Text>
                </Stack>
              ))}
            </SimpleGrid>
            {p.deduplicatedAssignments > 0 && <Text fz="sm">{t('institutionsAdmin.merge.deduplicated', { count: p.deduplicatedAssignments, formatted: fmt.number(p.deduplicatedAssignments) })}</Text>}
            {p.droppedDrafts > 0 && <Text fz="sm">{t('institutionsAdmin.merge.dropped', { count: p.droppedDrafts, formatted: fmt.number(p.droppedDrafts) })}</Text>}
            {p.refusal && (
              <Alert color="red" variant="light" data-testid="merge-refusal">
                {t(`institutionsAdmin.merge.refusal.${p.refusal}`)}
              </Alert>
            )}
            {p.conflicts.length > 0 && (
              <Alert color="red" variant="light" data-testid="merge-conflicts">
                {t('institutionsAdmin.merge.conflicts')} (<bdi>{fmt.number(p.conflicts.length)}</bdi>)
              </Alert>
            )}
          </Stack>
        )}
        {possible && (
          <TextInput
            label={t('institutionsAdmin.merge.confirmLabel', { code: source.code })}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            dir="ltr"
            autoComplete="off"
            data-testid="merge-confirm-code"
          />
        )}
        <InstitutionsAdminError error={merge.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            color="red"
            leftSection={<IconArrowsJoin size={16} />}
            disabled={!possible || !confirmed || !target}
            loading={merge.isPending}
            onClick={() => p && targetId && merge.mutate({ version: p.version, targetId }, { onSuccess: onMerged })}
            data-testid="merge-submit"
          >
            {t('institutionsAdmin.merge.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
