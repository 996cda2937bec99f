import { Alert, Button, Card, Grid, Group, Select, Stack, Switch, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconAlertTriangle, IconDeviceFloppy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { RECOMMENDATION_RESPONSES, TEXT_MAX_LENGTH } from '@sidh/domain';
import { ErrorMessage } from '../../../app/ErrorMessage';
import type { RecommendationDetail } from '../../../app/api-types';
import { ConflictDialog } from '../../../app/versioned/ConflictDialog';
import type { LoadedRecommendation } from '../hooks/use-recommendation';
import { useRecommendationEditor } from '../hooks/use-recommendation-editor';
import { useFieldLabel, useValueFormatter } from '../hooks/use-value-formatter';
import type { EditableField } from '../utils/edit';
import { isTaxonomyField, TAXONOMY_SOURCE } from '../utils/taxonomy';
import { DateField } from '../../../app/DateField';
import { TaxonomyFields } from './TaxonomyFields';
import { kindOf } from '../utils/kind';
import classes from './recommendations.module.css';

interface Props {
  loaded: LoadedRecommendation;
  onDone: (saved: RecommendationDetail | null) => void;
}

/** The coordinator's form; saves with `If-Match` and resolves 412 conflicts in a dialog. */
export function EditRecommendationForm({ loaded, onDone }: Props) {
  const { t } = useTranslation();
  const editor = useRecommendationEditor(loaded, (saved) => onDone(saved));
  const { values, setField, fieldErrors } = editor;
  const fieldLabel = useFieldLabel();
  const formatValue = useValueFormatter();
  const hasFieldErrors = Object.keys(fieldErrors).length > 0;
  // A question has no State response: the field is not offered.
  const isQuestion = kindOf(loaded.data) === 'question';
  const err = (field: string) => (fieldErrors[field] ? t(fieldErrors[field], { defaultValue: t('validation.invalid') }) : undefined);

  const textInput = (field: 'textAr' | 'textFr' | 'textEn', lang: 'ar' | 'fr' | 'en') => (
    <Textarea
      label={t(`fields.${field}`)}
      value={values[field]}
      onChange={(e) => setField(field, e.currentTarget.value)}
      error={err(field)}
      autosize
      minRows={4}
      maxRows={14}
      maxLength={TEXT_MAX_LENGTH}
      lang={lang}
      dir={lang === 'ar' ? 'rtl' : 'ltr'}
      data-testid={`edit-${field}`}
    />
  );

  return (
    <Card padding="lg" component="form" onSubmit={(e) => (e.preventDefault(), editor.save())} data-testid="edit-form" noValidate>
      <Stack gap="md">
        <Title order={2} fz="lg">
          {t('edit.title')}
        </Title>
        {editor.error != null && !hasFieldErrors && (
          <Alert color="red" icon={<IconAlertTriangle />} title={t('edit.saveFailed')}>
            <ErrorMessage error={editor.error} />
          </Alert>
        )}
        {hasFieldErrors && (
          <Alert color="red" icon={<IconAlertTriangle />} data-testid="edit-invalid">
            {t('edit.invalid')}
          </Alert>
        )}
        {editor.nothingToSave && (
          <Alert color="gray" variant="light">
            {t('edit.nothingToSave')}
          </Alert>
        )}
        {textInput('textAr', 'ar')}
        {textInput('textFr', 'fr')}
        {textInput('textEn', 'en')}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 6, lg: 4 }}>
            <TextInput
              label={isQuestion ? t('kind.listOfIssues') : t('fields.documentSymbol')}
              value={values.documentSymbol}
              onChange={(e) => setField('documentSymbol', e.currentTarget.value)}
              error={err('documentSymbol')}
              dir="ltr"
              required
              data-testid="edit-documentSymbol"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, lg: 4 }}>
            <TextInput
              label={t('fields.paragraph')}
              value={values.paragraph}
              onChange={(e) => setField('paragraph', e.currentTarget.value)}
              error={err('paragraph')}
              dir="ltr"
              required
              data-testid="edit-paragraph"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, lg: 4 }}>
            <TextInput
              label={t('fields.externalCode')}
              value={values.externalCode}
              onChange={(e) => setField('externalCode', e.currentTarget.value)}
              error={err('externalCode')}
              dir="ltr"
              data-testid="edit-externalCode"
            />
          </Grid.Col>
          {!isQuestion && (
            <Grid.Col span={{ base: 12, sm: 6, lg: 4 }}>
              <Select
                label={t('fields.response')}
                placeholder={t('common.notSet')}
                data={RECOMMENDATION_RESPONSES.map((r) => ({ value: r, label: t(`response.${r}`) }))}
                value={values.response || null}
                onChange={(v) => setField('response', v ?? '')}
                error={err('response')}
                clearable
                data-testid="edit-response"
              />
            </Grid.Col>
          )}
          <Grid.Col span={{ base: 12, sm: 6, lg: 4 }}>
            <DateField
              label={t('fields.followUpDueDate')}
              value={values.followUpDueDate}
              onChange={(v) => setField('followUpDueDate', v)}
              error={err('followUpDueDate')}
              disabled={!values.followUp}
              data-testid="edit-followUpDueDate"
            />
          </Grid.Col>
        </Grid>
        <Switch
          label={t('fields.followUp')}
          description={t('recommendation.followUpHint')}
          checked={values.followUp}
          onChange={(e) => setField('followUp', e.currentTarget.checked)}
          error={err('followUp')}
          data-testid="edit-followUp"
        />
        <TaxonomyFields values={values} onChange={(field, codes) => setField(field, codes)} error={err} hideStates={isQuestion} />
        <Text fz="sm" c="dimmed" data-testid="edit-status-elsewhere">
          {t('workflow.recommendation.statusElsewhere')}
        </Text>
        {Object.entries(fieldErrors)
          .filter(([f]) => !(f in values))
          .map(([f, key]) => (
            <Text key={f} c="red" fz="sm">
              {f}: {t(key, { defaultValue: t('validation.invalid') })}
            </Text>
          ))}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => onDone(null)} disabled={editor.saving} data-testid="edit-cancel">
            {t('common.cancel')}
          </Button>
          <Button
            type="submit"
            leftSection={<IconDeviceFloppy size={18} />}
            loading={editor.saving}
            data-testid="edit-save"
          >
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
      <ConflictDialog<EditableField>
        conflict={editor.conflict}
        messages="conflict"
        fieldLabel={(field) => (isTaxonomyField(field) ? (field === 'subAxisCodes' ? t('workflow.recommendation.subAxes') : fieldLabel(TAXONOMY_SOURCE[field])) : fieldLabel(field))}
        formatValue={(field, value, side) => (
          <Text span fz="sm" dir="auto" className={side === 'theirs' ? classes.before : classes.after}>
            {formatValue(field, value)}
          </Text>
        )}
        onReload={editor.reload}
        onReapply={editor.reapply}
        onClose={editor.dismissConflict}
        busy={editor.saving}
      />
    </Card>
  );
}
