import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Group, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { InstitutionDetail } from '../api';
import { useDesignate } from '../hooks/use-institutions-admin';
import { InstitutionsAdminError } from './InstitutionsAdminError';

type Kind = 'main' | 'alternate' | 'none';

/**
 * The institution's focal points, each main, alternate or not designated (one main at most),
 * saved together with the institution's version. Read-only without `editable`.
 */
export function FocalPointsEditor({ institution, editable }: { institution: InstitutionDetail; editable: boolean }) {
  const { t } = useTranslation();
  const designate = useDesignate(institution.id);
  const [kinds, setKinds] = useState<Record<string, Kind>>({});
  const [saved, setSaved] = useState(false);
  const focalPoints = institution.focalPoints;
  useEffect(() => {
    setKinds(Object.fromEntries(focalPoints.map((f) => [f.id, (f.focalPointKind as Kind | null) ?? 'none'])));
  }, [institution.id, institution.version]); // eslint-disable-line react-hooks/exhaustive-deps

  const setKind = (id: string, kind: Kind) => {
    setSaved(false);
    setKinds((current) => {
      const next = { ...current, [id]: kind };
      // One main: choosing a new main makes the previous one an alternate.
      if (kind === 'main') for (const other of Object.keys(next)) if (other !== id && next[other] === 'main') next[other] = 'alternate';
      return next;
    });
  };
  const save = () => {
    const mainUserId = Object.keys(kinds).find((id) => kinds[id] === 'main') ?? null;
    const alternateUserIds = Object.keys(kinds).filter((id) => kinds[id] === 'alternate');
    designate.mutate({ version: institution.version, body: { mainUserId, alternateUserIds } }, { onSuccess: () => setSaved(true) });
  };

  return (
    <Stack gap="sm" data-testid="focal-points">
      <Title order={3} fz="md">
        {t('institutionsAdmin.focal.title')}
      </Title>
      <Text fz="xs" c="dimmed">
        {t('institutionsAdmin.focal.help')}
      </Text>
      {focalPoints.length === 0 ? (
        <Text fz="sm" c="dimmed">
          {t('institutionsAdmin.focal.noFocalPoints')}
        </Text>
      ) : (
        <Table verticalSpacing="xs">
          <Table.Tbody>
            {focalPoints.map((f) => (
              <Table.Tr key={f.id} data-testid="focal-point-row" data-email={f.email}>
                <Table.Td fz="sm">
                  <bdi>{f.name}</bdi>
                  <Text fz="xs" c="dimmed">
                    <bdi dir="ltr">{f.email}</bdi>
                    {!f.active && ` · ${t('institutionsAdmin.focal.inactiveUser')}`}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {editable && f.active ? (
                    <Radio.Group value={kinds[f.id] ?? 'none'} onChange={(v) => setKind(f.id, v as Kind)} aria-label={f.name}>
                      <Group gap="sm" wrap="nowrap">
                        {(['main', 'alternate', 'none'] as const).map((k) => (
                          <Radio key={k} value={k} label={t(`institutionsAdmin.focal.${k}`)} data-testid={`focal-${k}`} />
                        ))}
                      </Group>
                    </Radio.Group>
                  ) : (
                    <Badge variant="light" color={f.focalPointKind === 'main' ? 'petrol' : 'gray'}>
                      {t(`institutionsAdmin.focal.${f.focalPointKind ?? 'none'}`)}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <InstitutionsAdminError error={designate.error} />
      {saved && (
        <Alert color="teal" variant="light" icon={<IconCheck />} data-testid="focal-saved">
          {t('institutionsAdmin.focal.saved')}
        </Alert>
      )}
      {editable && focalPoints.length > 0 && (
        <Group justify="flex-end">
          <Button variant="light" onClick={save} loading={designate.isPending} data-testid="focal-save">
            {t('institutionsAdmin.focal.save')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
