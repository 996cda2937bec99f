import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Center, Group, Loader, Stack, Stepper, Text } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { PresetName, TargetField } from '@sidh/domain';
import type { ImportJobDetail } from '../../../app/api-types';
import { ErrorMessage } from '../../../app/ErrorMessage';
import { useFormat } from '../../../app/locale';
import { isUploadGone, rowsRejectedOf, type ImportPreview } from '../api';
import { useImportJob, usePresets, usePreview, useUpload } from '../hooks/use-imports';
import { draftFromPreset, suggestPreset, toMappingJson, withValue, withValueMapping, type MappingDraft } from '../utils/mapping';
import { CommitProgress } from './CommitProgress';
import { DryRunReport } from './DryRunReport';
import { FilePreview } from './FilePreview';
import { ImportError } from './ImportError';
import { ImportResult } from './ImportResult';
import { MappingStep } from './MappingStep';
import { UploadStep } from './UploadStep';

export const WIZARD_STEPS = ['upload', 'mapping', 'dryRun', 'commit', 'result'] as const;
type Step = 0 | 1 | 2 | 3 | 4;

/**
 * The import wizard: upload (the API previews the file: columns and first rows) → map columns (from a
 * preset) → dry run → commit (progress) → result. The file is sent once: the preview stores it and the
 * dry runs and the commit name it by `uploadId`. Nothing is written before the commit; a commit with
 * any rejected row is refused whole by the API, so the wizard only offers it once the dry run rejects nothing.
 */
export function ImportWizard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const presets = usePresets();
  const previewer = usePreview();
  const dryRunUpload = useUpload();
  const commitUpload = useUpload();
  const [step, setStep] = useState<Step>(0);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  /** The columns of the file as previewed (kept when the upload is later found gone, until the file is analysed again). */
  const [columns, setColumns] = useState<string[]>([]);
  const [suggested, setSuggested] = useState<PresetName>('custom');
  const [draft, setDraft] = useState<MappingDraft | null>(null);
  const [dryRun, setDryRun] = useState<ImportJobDetail | null>(null);
  /** The mapping changed since the dry run shown: its report no longer holds. */
  const [stale, setStale] = useState(false);
  const [committed, setCommitted] = useState<ImportJobDetail | null>(null);
  const job = useImportJob(committed?.id ?? null, committed ?? undefined);
  const presetList = useMemo(() => presets.data?.items ?? [], [presets.data]);
  const presetOf = (name: PresetName) => presetList.find((p) => p.name === name);

  useEffect(() => {
    if (step === 3 && job.data && job.data.status !== 'running') setStep(4);
  }, [step, job.data]);

  const restart = () => {
    setStep(0);
    setFile(null);
    setPreview(null);
    setColumns([]);
    setDraft(null);
    setDryRun(null);
    setCommitted(null);
    setStale(false);
    previewer.reset();
    dryRunUpload.reset();
    commitUpload.reset();
  };

  /** The API reads the file and keeps it: its columns and first rows are shown before any mapping. */
  const analyse = () => {
    if (!file) return;
    previewer.mutate({ file }, { onSuccess: setPreview });
  };

  /** The stored upload is gone (expired, or changed on the server): the file is analysed again from the first step. */
  const onUploadError = (e: unknown) => {
    if (isUploadGone(e)) setPreview(null);
  };

  /** Another worksheet: the stored file is read again (not sent). */
  const changeSheet = (sheet: string) => {
    if (!preview) return;
    previewer.mutate({ uploadId: preview.uploadId, sheet }, { onSuccess: setPreview });
  };

  const toMapping = () => {
    if (!preview) return;
    // The same columns as the mapping in progress (the file analysed again, e.g. once its upload expired): the mapping is kept.
    if (draft && columns.length === preview.columns.length && columns.every((c, i) => c === preview.columns[i])) {
      setStep(1);
      return;
    }
    const name = suggestPreset(presetList, preview.columns);
    setColumns(preview.columns);
    setSuggested(name);
    setDraft(draftFromPreset(presetOf(name), preview.columns));
    setDryRun(null);
    dryRunUpload.reset();
    setStep(1);
  };

  /** The mapping as sent: the draft, and the worksheet chosen in the preview. */
  const mappingOf = (d: MappingDraft) => ({ ...toMappingJson(d, presetOf(d.preset)), ...(preview && preview.sheets.length > 1 && preview.sheet ? { sheet: preview.sheet } : {}) });

  const changeDraft = (next: MappingDraft) => {
    setDraft(next);
    if (dryRun) setStale(true);
  };

  const runDryRun = (next: MappingDraft | null = draft) => {
    if (!preview || !next) return;
    commitUpload.reset();
    dryRunUpload.mutate(
      { uploadId: preview.uploadId, dryRun: true, mapping: mappingOf(next) },
      {
        onSuccess: (result) => {
          setDryRun(result);
          setStale(false);
          setStep(2);
        },
        onError: onUploadError,
      },
    );
  };

  const commit = () => {
    if (!preview || !draft) return;
    commitUpload.mutate(
      { uploadId: preview.uploadId, dryRun: false, mapping: mappingOf(draft) },
      {
        onSuccess: (started) => {
          setCommitted(started);
          setStep(started.status === 'running' ? 3 : 4);
        },
        onError: (e) => {
          onUploadError(e);
          // Rows rejected since the dry run (the catalogue changed): show the new report.
          const rejected = rowsRejectedOf(e);
          if (rejected && dryRun) setDryRun({ ...dryRun, report: rejected.report, counts: rejected.counts });
        },
      },
    );
  };

  const fixValue = (field: TargetField, from: string, to: string) => {
    if (draft) changeDraft(withValue(draft, field, from, to));
  };

  /** One click: every row with this value takes the chosen code, and the dry run runs again. */
  const mapValue = (field: TargetField, value: string, code: string) => {
    if (!draft) return;
    const next = withValueMapping(draft, field, value, code);
    setDraft(next);
    runDryRun(next);
  };

  if (presets.isPending) {
    return (
      <Center py="xl">
        <Loader size="sm" aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (presets.isError) {
    return (
      <Alert color="red" icon={<IconAlertTriangle />} title={t('imports.wizard.presetsError')}>
        <ErrorMessage error={presets.error} />
      </Alert>
    );
  }

  const canCommit = !!dryRun && !stale && dryRun.counts.rejected === 0 && dryRun.counts.new + dryRun.counts.updated > 0;

  return (
    <Stack gap="lg" data-testid="import-wizard" data-step={WIZARD_STEPS[step]}>
      <Card padding="md">
        <Stepper active={step} size="sm" allowNextStepsSelect={false} onStepClick={(s) => step < 3 && setStep(s as Step)} data-testid="import-stepper">
          {WIZARD_STEPS.map((s, i) => (
            <Stepper.Step
              key={s}
              label={t(`imports.wizard.steps.${s}`)}
              description={t(`imports.wizard.stepHints.${s}`)}
              allowStepSelect={step < 3 && i < step}
            />
          ))}
        </Stepper>
      </Card>

      {step === 0 && (
        <UploadStep
          file={file}
          onFile={(f) => {
            setFile(f);
            setPreview(null);
            previewer.reset();
          }}
          onAnalyse={analyse}
          analysing={previewer.isPending}
          error={previewer.error}
          onContinue={preview ? toMapping : undefined}
          preview={preview && <FilePreview preview={preview} onSheet={changeSheet} changingSheet={previewer.isPending} />}
        />
      )}

      {step === 1 && draft && (
        <>
          <MappingStep
            columns={columns}
            presets={presetList}
            suggested={suggested}
            draft={draft}
            onChange={changeDraft}
            onPreset={(name) => changeDraft(draftFromPreset(presetOf(name), columns))}
            onBack={() => setStep(0)}
            onDryRun={() => runDryRun()}
            running={dryRunUpload.isPending}
          />
          {dryRunUpload.isError && <ImportError error={dryRunUpload.error} />}
        </>
      )}

      {step === 2 && dryRun && draft && (
        <>
          <DryRunReport
            job={dryRun}
            draft={draft}
            onFixValue={fixValue}
            onMapValue={mapValue}
            onCreateUnknown={(f) => changeDraft({ ...draft, createUnknown: [...new Set([...draft.createUnknown, f])] })}
          />
          {stale && (
            <Alert color="blue" icon={<IconRefresh />} title={t('imports.wizard.staleTitle')} data-testid="dry-run-stale">
              <Text fz="sm">{t('imports.wizard.stale')}</Text>
            </Alert>
          )}
          {(dryRunUpload.isError || commitUpload.isError) && <ImportError error={dryRunUpload.error ?? commitUpload.error} />}
          <Group justify="space-between">
            <Group gap="sm">
              <Button variant="default" onClick={() => setStep(1)} data-testid="import-back-mapping">
                {t('imports.wizard.backToMapping')}
              </Button>
              <Button variant="subtle" onClick={() => setStep(0)}>
                {t('imports.wizard.otherFile')}
              </Button>
            </Group>
            {stale || dryRun.counts.rejected > 0 ? (
              <Button onClick={() => runDryRun()} loading={dryRunUpload.isPending} leftSection={<IconRefresh size={16} />} data-testid="import-rerun">
                {t('imports.wizard.rerun')}
              </Button>
            ) : (
              <Button onClick={commit} loading={commitUpload.isPending} disabled={!canCommit} color="teal" data-testid="import-commit">
                {t('imports.wizard.commit', { count: dryRun.counts.new + dryRun.counts.updated, formatted: fmt.number(dryRun.counts.new + dryRun.counts.updated) })}
              </Button>
            )}
          </Group>
        </>
      )}

      {step === 3 && job.data && <CommitProgress job={job.data} />}
      {step === 3 && job.isError && <ImportError error={job.error} />}

      {step === 4 && (job.data ?? committed) && <ImportResult job={(job.data ?? committed)!} onRestart={restart} />}
    </Stack>
  );
}
