import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  CloseButton,
  Group,
  Loader,
  NumberInput,
  Pagination,
  SegmentedControl,
  Select,
  Stack,
  Stepper,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { DateField } from '../../../app/DateField';
import { useTranslation } from 'react-i18next';
import { LOCALES, REPORT_TYPES, reportTypeName, type Locale, type ReportType } from '@sidh/domain';
import type { RecommendationSummary } from '../../../app/api-types';
import { directionOf } from '../../../app/i18n';
import { useFormat, useLocale } from '../../../app/locale';
import { reportPath } from '../../../app/routes';
import { useRecommendationCount } from '../../recommendations/hooks/use-recommendation-search';
import { citationOf, localNameText, localTitleText, pickText } from '../../recommendations/utils/labels';
import { useCreateReport, useReferenceLists, useReportItems } from '../hooks/use-reports';
import {
  WIZARD_STEPS,
  createRequest,
  initialValues,
  itemParams,
  limitText,
  mechanismOf,
  stepProblems,
  wizardErrors,
  type WizardField,
  type WizardStep,
  type WizardValues,
} from '../utils/wizard';
import { autoDir } from '../../reporting/utils/auto-dir';
import { useTextDirection } from '../utils/text-direction';
import { useWordLimitOf } from '../../settings/hooks/use-settings';
import { ReportError } from './ReportError';

const PAGE_SIZE = 50;
/** Chips shown for the items picked; the rest is counted. */
const PICKED_SHOWN = 40;

type Errors = Partial<Record<WizardField, string>>;

/** The form values that make up the selection of items (their errors are `itemIds` or `filter`). */
const ITEM_FIELDS: ReadonlySet<keyof WizardValues> = new Set(['mode', 'q', 'picked']);

interface StepProps {
  values: WizardValues;
  set: <K extends keyof WizardValues>(field: K, value: WizardValues[K]) => void;
  errors: Errors;
}

/** Step 1: what report, in which language, by when, within how many words. */
function ReportStep({ values, set, errors }: StepProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { locale } = useLocale();
  const err = (f: WizardField) => (errors[f] ? t(errors[f]!, { defaultValue: t('validation.invalid') }) : undefined);
  // The administrator's limit for the type (settings), else the default of GA resolution 68/268.
  const limitOf = useWordLimitOf();
  const defaultLimit = limitOf(values.type);
  const titleRef = useTextDirection(values.language, directionOf(values.language));
  return (
    <Stack gap="md">
      <Select
        label={t('reports.fields.type')}
        data={REPORT_TYPES.map((type) => ({ value: type, label: reportTypeName(type, locale) }))}
        value={values.type}
        onChange={(v) => {
          if (!v) return;
          const type = v as ReportType;
          set('type', type);
          set('wordLimit', limitText(limitOf(type)));
          if (mechanismOf(type) !== mechanismOf(values.type)) {
            set('bodyId', null);
            set('reviewId', null);
            set('picked', new Map());
          }
        }}
        allowDeselect={false}
        error={err('type')}
        data-testid="wizard-type"
      />
      <Stack gap={4}>
        <Text fz="sm" fw={500}>
          {t('reports.fields.language')}
        </Text>
        <SegmentedControl
          value={values.language}
          onChange={(v) => set('language', v as Locale)}
          data={LOCALES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
          w="fit-content"
          data-testid="wizard-language"
        />
        <Text fz="xs" c="dimmed">
          {t('reports.wizard.languageHelp')}
        </Text>
        {errors.language && (
          <Text fz="xs" c="red">
            {err('language')}
          </Text>
        )}
      </Stack>
      <TextInput
        label={t('reports.fields.title')}
        placeholder={t('reports.wizard.titlePlaceholder')}
        value={values.title}
        onChange={(e) => set('title', e.currentTarget.value)}
        required
        maxLength={300}
        ref={titleRef}
        dir={directionOf(values.language)}
        error={err('title')}
        data-testid="wizard-title"
      />
      <Group grow align="flex-start" wrap="wrap">
        <DateField
          label={t('reports.fields.dueDate')}
          value={values.dueDate}
          onChange={(iso) => set('dueDate', iso)}
          description={values.dueDate ? fmt.date(values.dueDate) : t('reports.wizard.optional')}
          error={err('dueDate')}
          data-testid="wizard-due-date"
        />
        <NumberInput
          label={t('reports.fields.wordLimit')}
          description={
            defaultLimit === null
              ? t('reports.wizard.noDefaultLimit')
              : t('reports.wizard.defaultLimit', { limit: fmt.number(defaultLimit) })
          }
          value={values.wordLimit}
          onChange={(v) => set('wordLimit', String(v))}
          min={1}
          allowDecimal={false}
          allowNegative={false}
          placeholder={t('reports.wizard.noLimit')}
          error={err('wordLimit')}
          data-testid="wizard-word-limit"
        />
      </Group>
      {values.type === 'upr_national' && (
        <Stack gap={4}>
          <Text fz="sm" fw={500}>
            {t('reports.fields.groupBy')}
          </Text>
          <SegmentedControl
            value={values.groupBy}
            onChange={(v) => set('groupBy', v as 'theme' | 'axis')}
            data={[
              { value: 'theme', label: t('reports.wizard.groupByTheme') },
              { value: 'axis', label: t('reports.wizard.groupByAxis') },
            ]}
            w="fit-content"
            data-testid="wizard-group-by"
          />
        </Stack>
      )}
    </Stack>
  );
}

/** Step 2: the body the report goes to, and the review (or list of issues) it answers. */
function BodyStep({ values, set, errors }: StepProps) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { bodies, reviews } = useReferenceLists();
  const err = (f: WizardField) => (errors[f] ? t(errors[f]!, { defaultValue: t('validation.invalid') }) : undefined);
  const mechanism = mechanismOf(values.type);
  const bodyOptions = (bodies.data ?? [])
    .filter((b) => b.mechanism === mechanism)
    .map((b) => ({ value: b.id, label: `${localNameText(b, locale, b.code)} (${b.code})` }));
  const reviewOptions = (reviews.data ?? [])
    .filter((r) => r.bodyId === values.bodyId)
    .sort((a, b) => (b.year ?? 0) - (a.year ?? 0))
    .map((r) => ({
      value: r.id,
      label: [localTitleText(r, locale, r.code), r.documentSymbol, r.year ? String(r.year) : null].filter(Boolean).join(' · '),
    }));
  // A single body (the UPR) is chosen already.
  const only = bodyOptions.length === 1 ? bodyOptions[0]!.value : null;
  useEffect(() => {
    if (only && !values.bodyId) set('bodyId', only);
  }, [only, values.bodyId, set]);
  return (
    <Stack gap="md">
      {(bodies.isPending || reviews.isPending) && <Loader size="xs" aria-label={t('common.loading')} />}
      <ReportError error={bodies.error ?? reviews.error} />
      <Select
        label={t('reports.fields.body')}
        placeholder={t('reports.wizard.chooseBody')}
        data={bodyOptions}
        value={values.bodyId}
        onChange={(v) => {
          set('bodyId', v);
          set('reviewId', null);
          set('picked', new Map());
        }}
        searchable
        required
        nothingFoundMessage={t('reports.wizard.nothingFound')}
        error={err('bodyId')}
        data-testid="wizard-body"
      />
      <Select
        label={mechanism === 'UPR' ? t('reports.fields.review') : t('reports.fields.reviewOrList')}
        description={t('reports.wizard.reviewHelp')}
        placeholder={t('reports.wizard.chooseReview')}
        data={reviewOptions}
        value={values.reviewId}
        onChange={(v) => {
          set('reviewId', v);
          set('picked', new Map());
        }}
        disabled={!values.bodyId}
        searchable
        clearable
        nothingFoundMessage={t('reports.wizard.nothingFound')}
        error={err('reviewId')}
        data-testid="wizard-review"
      />
    </Stack>
  );
}

/** One item of the hand-picking list: its citation and the start of its text. */
function ItemRow({ item, checked, onToggle }: { item: RecommendationSummary; checked: boolean; onToggle: () => void }) {
  const { locale } = useLocale();
  const text = pickText(item, locale);
  return (
    <Checkbox
      checked={checked}
      onChange={onToggle}
      data-testid="wizard-item"
      data-id={item.id}
      data-citation={citationOf(item)}
      label={
        <Stack gap={0}>
          <Text fz="sm" fw={600}>
            <bdi dir="ltr">{citationOf(item, locale)}</bdi>
          </Text>
          {text && (
            <Text fz="xs" c="dimmed" lang={text.lang} dir={directionOf(text.lang)} lineClamp={2}>
              {text.text}
            </Text>
          )}
        </Stack>
      }
    />
  );
}

/** Step 3: every item of the review (narrowed by a search), or the items ticked one by one. */
function ItemsStep({ values, set, errors }: StepProps) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fmt = useFormat();
  const [page, setPage] = useState(1);
  const [q] = useDebouncedValue(values.q, 300);
  const debounced = { ...values, q };
  const err = (f: WizardField) => (errors[f] ? t(errors[f]!, { defaultValue: t('validation.invalid') }) : undefined);
  const count = useRecommendationCount(itemParams(debounced), values.mode === 'filter' && values.bodyId !== null);
  const list = useReportItems(
    itemParams(debounced, { page: String(page), pageSize: String(PAGE_SIZE), sort: 'symbol' }),
    values.mode === 'picked' && values.bodyId !== null,
  );
  const items = list.data?.items ?? [];
  const toggle = (item: RecommendationSummary) => {
    const next = new Map(values.picked);
    if (next.has(item.id)) next.delete(item.id);
    else next.set(item.id, item);
    set('picked', next);
  };
  const unpick = (id: string) => {
    const next = new Map(values.picked);
    next.delete(id);
    set('picked', next);
  };
  const allOnPage = items.length > 0 && items.every((i) => values.picked.has(i.id));
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;

  return (
    <Stack gap="md">
      <SegmentedControl
        value={values.mode}
        onChange={(v) => set('mode', v as WizardValues['mode'])}
        data={[
          { value: 'filter', label: t('reports.wizard.modeFilter') },
          { value: 'picked', label: t('reports.wizard.modePicked') },
        ]}
        w="fit-content"
        data-testid="wizard-mode"
      />
      <TextInput
        leftSection={<IconSearch size={16} />}
        value={values.q}
        onChange={(e) => {
          set('q', e.currentTarget.value);
          setPage(1);
        }}
        placeholder={t('reports.wizard.searchPlaceholder')}
        aria-label={t('reports.wizard.searchPlaceholder')}
        ref={autoDir}
        data-testid="wizard-search"
      />
      {values.mode === 'filter' ? (
        <Alert color="petrol" variant="light" data-testid="wizard-count" data-count={count.data?.total ?? ''}>
          {count.isPending
            ? t('common.loading')
            : t('reports.wizard.matching', { count: count.data?.total ?? 0, formatted: fmt.number(count.data?.total ?? 0) })}
        </Alert>
      ) : (
        <Stack gap="xs">
          <Group justify="space-between" wrap="wrap">
            <Text fz="sm" fw={600} data-testid="wizard-picked-count" data-count={values.picked.size}>
              {t('reports.wizard.picked', { count: values.picked.size, formatted: fmt.number(values.picked.size) })}
            </Text>
            <Group gap="xs">
              <Button
                variant="subtle"
                size="compact-sm"
                disabled={items.length === 0 || allOnPage}
                onClick={() => set('picked', new Map([...values.picked, ...items.map((i): [string, RecommendationSummary] => [i.id, i])]))}
                data-testid="wizard-pick-page"
              >
                {t('reports.wizard.pickPage')}
              </Button>
              <Button variant="subtle" size="compact-sm" color="gray" disabled={values.picked.size === 0} onClick={() => set('picked', new Map())}>
                {t('reports.wizard.clear')}
              </Button>
            </Group>
          </Group>
          {values.picked.size > 0 && (
            <Group gap={6} data-testid="wizard-picked">
              {[...values.picked].slice(0, PICKED_SHOWN).map(([id, item]) => {
                const citation = citationOf(item, locale);
                return (
                  <Group key={id} gap={2} ps={8} pe={2} py={2} bg="petrol.0" style={{ borderRadius: 999 }} wrap="nowrap">
                    <Text fz="xs" dir="ltr" component="bdi">
                      {citation}
                    </Text>
                    <CloseButton size="xs" variant="transparent" aria-label={t('reports.wizard.unpick', { citation })} onClick={() => unpick(id)} />
                  </Group>
                );
              })}
              {values.picked.size > PICKED_SHOWN && (
                <Text fz="xs" c="dimmed">
                  {t('reports.wizard.more', { count: values.picked.size - PICKED_SHOWN, formatted: fmt.number(values.picked.size - PICKED_SHOWN) })}
                </Text>
              )}
            </Group>
          )}
          {list.isFetching && !list.data && <Loader size="xs" aria-label={t('common.loading')} />}
          <ReportError error={list.error} />
          <Card padding="sm" data-testid="wizard-items">
            <Stack gap="xs">
              {list.data && items.length === 0 && (
                <Text fz="sm" c="dimmed">
                  {t('reports.wizard.noItem')}
                </Text>
              )}
              {items.map((item) => (
                <ItemRow key={item.id} item={item} checked={values.picked.has(item.id)} onToggle={() => toggle(item)} />
              ))}
            </Stack>
          </Card>
          {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} size="sm" />}
        </Stack>
      )}
      {(errors.itemIds || errors.filter) && (
        <Text fz="sm" c="red" data-testid="wizard-items-error">
          {err('itemIds') ?? err('filter')}
        </Text>
      )}
    </Stack>
  );
}

/**
 * The creation wizard: the report (type, language, title, due date, word limit), its body and review,
 * then its items. Creating plans the sections from the validated contributions and opens the editor.
 * The API's refusals are shown next to the field they name, on their step.
 */
export function ReportWizard() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const create = useCreateReport();
  const [values, setValues] = useState<WizardValues>(() => initialValues(locale));
  const [active, setActive] = useState(0);
  const [errors, setErrors] = useState<Errors>({});
  const step: WizardStep = WIZARD_STEPS[active]!;

  const set = useCallback(<K extends keyof WizardValues>(field: K, value: WizardValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    // A changed field loses its error; the items' fields lose the selection's.
    const cleared: readonly string[] = ITEM_FIELDS.has(field) ? ['itemIds', 'filter'] : [field];
    setErrors((e) => (cleared.some((f) => f in e) ? Object.fromEntries(Object.entries(e).filter(([f]) => !cleared.includes(f))) : e));
  }, []);

  const next = () => {
    const problems = stepProblems(values, step);
    setErrors(problems);
    if (Object.keys(problems).length === 0) setActive((a) => Math.min(a + 1, WIZARD_STEPS.length - 1));
  };

  const submit = () => {
    for (const [i, s] of WIZARD_STEPS.entries()) {
      const problems = stepProblems(values, s);
      if (Object.keys(problems).length > 0) {
        setErrors(problems);
        setActive(i);
        return;
      }
    }
    create.mutate(createRequest(values), {
      onSuccess: (report) => navigate(reportPath(report.id)),
      onError: (e) => {
        const mapped = wizardErrors(e);
        setErrors(mapped.fields);
        if (mapped.step) setActive(WIZARD_STEPS.indexOf(mapped.step));
      },
    });
  };

  const stepProps = { values, set, errors };
  const unplaced = create.error && Object.keys(wizardErrors(create.error).fields).length === 0;

  return (
    <Card maw={960} data-testid="report-wizard">
      <Stack gap="lg">
        <Stepper active={active} onStepClick={(i) => i < active && setActive(i)} size="sm">
          <Stepper.Step label={t('reports.wizard.steps.report')} data-testid="wizard-step-report">
            <Title order={2} fz="md" mb="md">
              {t('reports.wizard.steps.report')}
            </Title>
            <ReportStep {...stepProps} />
          </Stepper.Step>
          <Stepper.Step label={t('reports.wizard.steps.body')} data-testid="wizard-step-body">
            <Title order={2} fz="md" mb="md">
              {t('reports.wizard.steps.body')}
            </Title>
            <BodyStep {...stepProps} />
          </Stepper.Step>
          <Stepper.Step label={t('reports.wizard.steps.items')} data-testid="wizard-step-items">
            <Title order={2} fz="md" mb="md">
              {t('reports.wizard.steps.items')}
            </Title>
            <ItemsStep {...stepProps} />
          </Stepper.Step>
        </Stepper>
        {unplaced && <ReportError error={create.error} />}
        <Group justify="space-between">
          <Button variant="default" onClick={() => (active === 0 ? navigate(-1) : setActive(active - 1))} data-testid="wizard-back">
            {active === 0 ? t('common.cancel') : t('reports.wizard.back')}
          </Button>
          {active < WIZARD_STEPS.length - 1 ? (
            <Button onClick={next} data-testid="wizard-next">
              {t('reports.wizard.next')}
            </Button>
          ) : (
            <Button onClick={submit} loading={create.isPending} data-testid="wizard-create">
              {t('reports.wizard.create')}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
