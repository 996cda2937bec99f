import { useMemo, useState } from 'react';
import { Alert, Button, Grid, Group, Modal, SegmentedControl, Select, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { IconAlertTriangle, IconPlus } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ITEM_KINDS, Permission, RECOMMENDATION_RESPONSES, TEXT_MAX_LENGTH, type ItemKind, type Mechanism } from '@sidh/domain';
import { fieldErrorsOf } from '../../../app/api-client';
import { useAuth } from '../../../app/auth';
import { ErrorMessage } from '../../../app/ErrorMessage';
import { useLocale } from '../../../app/locale';
import { recommendationPath } from '../../../app/routes';
import { useCreateRecommendation } from '../hooks/use-create-recommendation';
import { useBodies } from '../hooks/use-reference';
import { useReviews } from '../hooks/use-taxonomy-options';
import { bodyFitsKind, createProblems, emptyCreateValues, toCreateBody, withKind, type CreateValues } from '../utils/create';
import { SYMBOL_EXAMPLE } from '../utils/kind';
import { localNameText, localTitleText } from '../utils/labels';
import { DateField } from '../../../app/DateField';
import { TaxonomyFields } from './TaxonomyFields';

type TextField = 'textAr' | 'textFr' | 'textEn';
const TEXT_LANG: Record<TextField, 'ar' | 'fr' | 'en'> = { textAr: 'ar', textFr: 'fr', textEn: 'en' };

interface FormProps {
  /** The kind chosen first (the list's kind filter, when it shows questions). */
  initialKind: ItemKind;
  onCancel: () => void;
  onCreated: (id: string) => void;
}

/** A recommendation or a question of a list of issues, entered by hand; the kind is chosen first. */
export function CreateRecommendationForm({ initialKind, onCancel, onCreated }: FormProps) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const bodies = useBodies();
  const reviews = useReviews();
  const create = useCreateRecommendation();
  const [values, setValues] = useState<CreateValues>(() => emptyCreateValues(initialKind));
  const [shown, setShown] = useState<Record<string, string>>({});

  const mechanismOf = useMemo(() => {
    const byId = new Map((bodies.data ?? []).map((b) => [b.id, b.mechanism as Mechanism]));
    return (id: string) => byId.get(id);
  }, [bodies.data]);
  const bodyOptions = (bodies.data ?? [])
    .filter((b) => bodyFitsKind(b.mechanism, values.kind) && b.active !== false)
    .map((b) => {
      const name = localNameText(b, locale);
      return { value: b.id, label: name && name !== b.code ? `${b.code} — ${name}` : b.code };
    });

  const reviewOptions = (reviews.data ?? [])
    .filter((r) => r.bodyId === values.bodyId && r.active !== false)
    .map((r) => ({ value: r.id, label: [r.code, localTitleText(r, locale)].filter(Boolean).join(' — ') }));

  const set = <K extends keyof CreateValues>(field: K, value: CreateValues[K]) => setValues((v) => ({ ...v, [field]: value }));
  const apiErrors = fieldErrorsOf(create.error) ?? {};
  const errors = { ...apiErrors, ...shown };
  const err = (field: string) => (errors[field] ? t(errors[field]!, { defaultValue: t('validation.invalid') }) : undefined);
  const isQuestion = values.kind === 'question';

  const submit = () => {
    const problems = createProblems(values);
    setShown(problems);
    if (Object.keys(problems).length) return;
    create.mutate(toCreateBody(values), { onSuccess: (created) => onCreated(created.data.id) });
  };

  const textInput = (field: TextField) => (
    <Textarea
      label={t(`fields.${field}`)}
      value={values[field]}
      onChange={(e) => set(field, e.currentTarget.value)}
      error={err(field)}
      autosize
      minRows={2}
      maxRows={8}
      maxLength={TEXT_MAX_LENGTH}
      lang={TEXT_LANG[field]}
      dir={field === 'textAr' ? 'rtl' : 'ltr'}
      data-testid={`create-${field}`}
    />
  );

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      noValidate
      data-testid="create-form"
    >
      <Stack gap="md">
        <Stack gap={4}>
          <SegmentedControl
            fullWidth
            aria-label={t('kind.label')}
            data={ITEM_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            value={values.kind}
            onChange={(k) => setValues((v) => withKind(v, k as ItemKind, mechanismOf))}
            data-testid="create-kind"
          />
          <Text fz="xs" c="dimmed">
            {t('newItem.kindHint')}
          </Text>
        </Stack>
        {create.error != null && Object.keys(apiErrors).length === 0 && (
          <Alert color="red" icon={<IconAlertTriangle />} title={t('newItem.failed')}>
            <ErrorMessage error={create.error} />
          </Alert>
        )}
        <Select
          label={t('fields.body')}
          description={isQuestion ? t('newItem.questionBodyHint') : undefined}
          placeholder={t('newItem.bodyPlaceholder')}
          data={bodyOptions}
          value={values.bodyId || null}
          onChange={(v) => setValues((old) => ({ ...old, bodyId: v ?? '', reviewId: '' }))}
          error={err('bodyId')}
          searchable
          required
          data-testid="create-body"
        />
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 8 }}>
            <TextInput
              label={isQuestion ? t('kind.listOfIssues') : t('fields.documentSymbol')}
              placeholder={t('newItem.symbolExample', { example: SYMBOL_EXAMPLE[values.kind] })}
              value={values.documentSymbol}
              onChange={(e) => set('documentSymbol', e.currentTarget.value)}
              error={err('documentSymbol')}
              dir="ltr"
              data-testid="create-documentSymbol"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <TextInput
              label={t('fields.paragraph')}
              value={values.paragraph}
              onChange={(e) => set('paragraph', e.currentTarget.value)}
              error={err('paragraph')}
              dir="ltr"
              data-testid="create-paragraph"
            />
          </Grid.Col>
        </Grid>
        <Text fz="sm" c={errors['textFr'] ? 'red' : 'dimmed'}>
          {t('newItem.textsHint')}
        </Text>
        {textInput('textAr')}
        {textInput('textFr')}
        {textInput('textEn')}
        {!isQuestion && (
          <Select
            label={t('fields.response')}
            placeholder={t('common.notSet')}
            data={RECOMMENDATION_RESPONSES.map((r) => ({ value: r, label: t(`response.${r}`) }))}
            value={values.response || null}
            onChange={(v) => set('response', v ?? '')}
            error={err('response')}
            clearable
            data-testid="create-response"
          />
        )}
        <Select
          label={t('workflow.recommendation.review')}
          placeholder={t('workflow.recommendation.reviewPlaceholder')}
          data={reviewOptions}
          value={values.reviewId || null}
          onChange={(v) => set('reviewId', v ?? '')}
          error={err('reviewId')}
          disabled={!values.bodyId}
          searchable
          clearable
          data-testid="create-review"
        />
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <TextInput
              label={t('workflow.recommendation.externalCode')}
              value={values.externalCode}
              onChange={(e) => set('externalCode', e.currentTarget.value)}
              error={err('externalCode')}
              dir="ltr"
              data-testid="create-externalCode"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <Switch
              mt={{ base: 0, sm: 30 }}
              label={t('workflow.recommendation.followUp')}
              checked={values.followUp}
              onChange={(e) => set('followUp', e.currentTarget.checked)}
              data-testid="create-followUp"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <DateField
              label={t('workflow.recommendation.followUpDueDate')}
              value={values.followUpDueDate}
              onChange={(v) => set('followUpDueDate', v)}
              error={err('followUpDueDate')}
              disabled={!values.followUp}
              data-testid="create-followUpDueDate"
            />
          </Grid.Col>
        </Grid>
        <TaxonomyFields values={values} onChange={(field, codes) => set(field, codes)} error={err} hideStates={isQuestion} />
        {errors['kind'] && (
          <Text c="red" fz="sm">
            {t('kind.label')}: {err('kind')}
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={create.isPending} data-testid="create-cancel">
            {t('common.cancel')}
          </Button>
          <Button type="submit" leftSection={<IconPlus size={18} />} loading={create.isPending} data-testid="create-submit">
            {t('newItem.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "New" for those who may create: the creation form in a dialog, then the new item's page. */
export function NewRecommendationButton({ initialKind }: { initialKind: ItemKind }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  if (!can(Permission.RecommendationCreate)) return null;
  return (
    <>
      <Button size="xs" variant="light" leftSection={<IconPlus size={16} />} onClick={() => setOpened(true)} data-testid="create-open">
        {t('newItem.open')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('newItem.title')} size="lg">
        {opened && (
          <CreateRecommendationForm
            initialKind={initialKind}
            onCancel={() => setOpened(false)}
            onCreated={(id) => {
              setOpened(false);
              navigate(recommendationPath(id));
            }}
          />
        )}
      </Modal>
    </>
  );
}
