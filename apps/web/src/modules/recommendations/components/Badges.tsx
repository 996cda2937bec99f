import { Badge, Tooltip } from '@mantine/core';
import { IconFlag, IconHelpCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ImplementationStatus, ItemKind, Mechanism, RecommendationResponse } from '@sidh/domain';

const STATUS_COLOR: Record<ImplementationStatus, string> = {
  not_started: 'gray',
  in_progress: 'blue',
  partially_implemented: 'yellow',
  implemented: 'teal',
  continuous: 'indigo',
  not_applicable: 'dark',
};

const RESPONSE_COLOR: Record<RecommendationResponse, string> = {
  supported: 'green',
  supported_in_part: 'lime',
  noted: 'orange',
};

export function StatusBadge({ status }: { status: ImplementationStatus | null }) {
  const { t } = useTranslation();
  if (!status) {
    return (
      <Badge color="gray" variant="outline" data-testid="status-badge">
        {t('status.none')}
      </Badge>
    );
  }
  return (
    <Badge color={STATUS_COLOR[status] ?? 'gray'} variant="light" data-testid="status-badge">
      {t(`status.${status}`)}
    </Badge>
  );
}

export function ResponseBadge({ response }: { response: RecommendationResponse | null }) {
  const { t } = useTranslation();
  if (!response) return null;
  return (
    <Badge color={RESPONSE_COLOR[response] ?? 'gray'} variant="dot">
      {t(`response.${response}`)}
    </Badge>
  );
}

export function MechanismBadge({ mechanism }: { mechanism: Mechanism }) {
  const { t } = useTranslation();
  return (
    <Badge color="petrol" variant="outline">
      {t(`mechanism.${mechanism}`)}
    </Badge>
  );
}

export function FollowUpBadge() {
  const { t } = useTranslation();
  return (
    <Tooltip label={t('recommendation.followUpHint')} withArrow>
      <Badge color="sand" variant="filled" leftSection={<IconFlag size={12} />}>
        {t('recommendation.followUp')}
      </Badge>
    </Tooltip>
  );
}

/** Marks a question of a list of issues; recommendations, the usual case, carry no kind badge. */
export function KindBadge({ kind }: { kind: ItemKind }) {
  const { t } = useTranslation();
  if (kind !== 'question') return null;
  return (
    <Badge color="grape" variant="light" leftSection={<IconHelpCircle size={12} />} data-testid="kind-badge">
      {t('kind.question')}
    </Badge>
  );
}
