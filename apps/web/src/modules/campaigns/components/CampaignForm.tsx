import { useMemo, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  Loader,
  MultiSelect,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconX } from '@tabler/icons-react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CreateCampaign, RecommendationSummary } from '../../../app/api-types';
import { useFormat, useLocale } from '../../../app/locale';
import { campaignPath } from '../../../app/routes';
import { useRecommendationCount, useRecommendationPicker } from '../../recommendations/hooks/use-recommendation-search';
import { FilterSummary } from '../../reporting/components/FilterSummary';
import { ReportingError } from '../../reporting/components/ReportingError';
import { useInstitutions } from '../../recommendations/hooks/use-reference';
import { filterFromParams, isEmptyFilter, paramsFromFilter } from '../../reporting/utils/filters';
import { addDaysIso, citationOf, institutionName, todayIso } from '../../reporting/utils/labels';
import { autoDir } from '../../reporting/utils/auto-dir';
import { useCreateCampaign, useInstitutionsWithoutValidator } from '../hooks/use-campaigns';
import { DateField } from '../../../app/DateField';

type ScopeMode = 'filter' | 'picked';

/** Finds recommendations by text or citation and lets the coordinator tick them. */
function RecommendationPicker({ picked, onChange }: { picked: Map<string, string>; onChange: (m: Map<string, string>) => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const results = useRecommendationPicker(debounced);
  const toggle = (r: RecommendationSummary) => {
    const next = new Map(picked);
    if (next.has(r.id)) next.delete(r.id);
    else next.set(r.id, citationOf(r));
    onChange(next);
  };
  return (
    <Stack gap="xs">
      <TextInput
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        placeholder={t('reporting.scope.searchPlaceholder')}
        aria-label={t('reporting.scope.searchPlaceholder')}
        ref={autoDir}
        rightSection={results.isFetching ? <Loader size="xs" /> : null}
        data-testid="picker-search"
      />
      {results.data && (
        <Stack gap={4} data-testid="picker-results">
          {results.data.items.length === 0 && <Text fz="sm" c="dimmed">{t('reporting.scope.noResult')}</Text>}
          {results.data.items.map((r) => (
            <Checkbox
              key={r.id}
              checked={picked.has(r.id)}
              onChange={() => toggle(r)}
              label={<bdi dir="ltr">{citationOf(r, locale)}</bdi>}
              data-testid="picker-result"
              data-citation={citationOf(r)}
            />
          ))}
        </Stack>
      )}
      {picked.size > 0 && (
        <Group gap={6} data-testid="picked">
          {[...picked].map(([id, label]) => (
            <Group key={id} gap={2} px={8} py={2} bg="petrol.0" style={{ borderRadius: 999 }} wrap="nowrap">
              <Text fz="xs" dir="ltr">
                {label}
              </Text>
              <ActionIcon
                size="xs"
                variant="transparent"
                aria-label={t('reporting.scope.unpick', { label })}
                onClick={() => {
                  const next = new Map(picked);
                  next.delete(id);
                  onChange(next);
                }}
              >
                <IconX size={12} />
              </ActionIcon>
            </Group>
          ))}
        </Group>
      )}
    </Stack>
  );
}

/** Warns when a chosen institution has no active validator: its contributions will come to the coordinator. */
function NoValidatorWarning({ institutionIds }: { institutionIds: readonly string[] }) {
  const { t } = useTranslation();
  const { locale, intlLocale } = useLocale();
  const without = useInstitutionsWithoutValidator(institutionIds.length > 0);
  const chosen = (without.data?.items ?? []).filter((i) => institutionIds.includes(i.id));
  if (chosen.length === 0) return null;
  const names = new Intl.ListFormat(intlLocale, { type: 'conjunction' }).format(chosen.map((i) => `${institutionName(i, locale)} (${i.code})`));
  return (
    <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title={t('workflow.campaignForm.noValidatorTitle')} data-testid="no-validator-warning">
      <Text fz="sm">{t('workflow.campaignForm.noValidator', { count: chosen.length, names })}</Text>
    </Alert>
  );
}

/** "Open a campaign": title, scope (the list's current filters or hand-picked), deadline, institutions. */
export function CampaignForm() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fmt = useFormat();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const [mode, setMode] = useState<ScopeMode>(isEmptyFilter(filter) ? 'picked' : 'filter');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [deadline, setDeadline] = useState(addDaysIso(30));
  const [institutionIds, setInstitutionIds] = useState<string[]>(filter.institutionId ? [filter.institutionId] : []);
  const [picked, setPicked] = useState<Map<string, string>>(new Map());
  const institutions = useInstitutions();

  const matching = useRecommendationCount(paramsFromFilter(filter), mode === 'filter');
  const create = useCreateCampaign();

  const scopeOk = mode === 'filter' ? true : picked.size > 0;
  const valid = title.trim() !== '' && deadline >= todayIso() && institutionIds.length > 0 && scopeOk;

  const submit = () => {
    const body: CreateCampaign = {
      title: title.trim(),
      ...(description.trim() ? { description: description.trim() } : {}),
      deadline,
      scope: mode === 'filter' ? { filter } : { recommendationIds: [...picked.keys()] },
      institutionIds,
    };
    create.mutate(body, { onSuccess: (c) => navigate(campaignPath(c.id)) });
  };

  return (
    <Card maw={860} data-testid="campaign-form">
      <Stack gap="lg">
        <TextInput
          label={t('reporting.campaignForm.title')}
          placeholder={t('reporting.campaignForm.titlePlaceholder')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          required
          ref={autoDir}
          maxLength={300}
          data-testid="campaign-title"
        />
        <Textarea
          label={t('reporting.campaignForm.description')}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          autosize
          minRows={2}
          ref={autoDir}
          maxLength={5000}
          data-testid="campaign-description"
        />
        <Stack gap="xs">
          <Title order={2} fz="sm">
            {t('reporting.campaignForm.scope')}
          </Title>
          <SegmentedControl
            value={mode}
            onChange={(v) => setMode(v as ScopeMode)}
            data={[
              { value: 'filter', label: t('reporting.scope.byFilter') },
              { value: 'picked', label: t('reporting.scope.picked') },
            ]}
            w="fit-content"
            data-testid="scope-mode"
          />
          {mode === 'filter' ? (
            <Stack gap={6}>
              <FilterSummary filter={filter} />
              <Text fz="sm" c="dimmed" data-testid="scope-count">
                {matching.data
                  ? t('reporting.scope.matching', { count: matching.data.total, formatted: fmt.number(matching.data.total) })
                  : t('common.loading')}
              </Text>
              <Text fz="xs" c="dimmed">
                {t('reporting.scope.filterHelp')}
              </Text>
            </Stack>
          ) : (
            <RecommendationPicker picked={picked} onChange={setPicked} />
          )}
        </Stack>
        <Group grow align="flex-start" wrap="wrap">
          <DateField
            label={t('reporting.campaignForm.deadline')}
            value={deadline}
            min={todayIso()}
            onChange={setDeadline}
            required
            description={deadline ? fmt.date(deadline) : undefined}
            data-testid="campaign-deadline"
          />
        </Group>
        <MultiSelect
          label={t('reporting.campaignForm.institutions')}
          description={t('reporting.campaignForm.institutionsHelp')}
          placeholder={institutionIds.length ? undefined : t('reporting.campaignForm.institutionsPlaceholder')}
          data={(institutions.data ?? []).map((i) => ({ value: i.id, label: `${institutionName(i, locale)} (${i.code})` }))}
          value={institutionIds}
          onChange={setInstitutionIds}
          searchable
          clearable
          required
          nothingFoundMessage={t('reporting.scope.noResult')}
          data-testid="campaign-institutions"
        />
        <NoValidatorWarning institutionIds={institutionIds} />
        <ReportingError error={create.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => navigate(-1)}>
            {t('common.cancel')}
          </Button>
          <Button onClick={submit} disabled={!valid} loading={create.isPending} data-testid="campaign-submit">
            {t('reporting.campaignForm.open')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
