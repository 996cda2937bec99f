import { useState } from 'react';
import { ActionIcon, Button, Checkbox, Group, Notification, Popover, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconFileExport } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from '@sidh/domain';
import { isApiError } from '../../../app/api-client';
import { errorMessageKey } from '../../../app/error-messages';
import { saveBlob } from '../../../app/download';
import { useLocale } from '../../../app/locale';
import { importsApi } from '../api';
import { EXPORT_FORMATS, exportFallbackName, exportQuery, type ExportFormat } from '../utils/export';

/**
 * Exports the recommendation list exactly as filtered (the URL's search params) in one click; the
 * chevron chooses the format, the languages of the texts, the language of the column headers and
 * values (the UI language unless changed: a ministry reads "En cours", not `in_progress`) and
 * whether the codes come too, in extra columns. The file is fetched with the in-memory token and
 * handed to the browser as a Blob under the server's file name. Either file imports back.
 */
export function ExportButton() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [params] = useSearchParams();
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [languages, setLanguages] = useState<Locale[]>([...LOCALES]);
  // Null: follows the UI language until the user picks another one.
  const [labelsChoice, setLabels] = useState<Locale | null>(null);
  const labels = labelsChoice ?? locale;
  const [codes, setCodes] = useState(false);
  const [options, setOptions] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async () => {
    setOptions(false);
    setBusy(true);
    setError(null);
    try {
      const query = exportQuery(params, { format, languages: languages.length ? languages : [locale], labels, codes });
      const { blob, fileName } = await importsApi.exportRecommendations(query, exportFallbackName(format));
      saveBlob(blob, fileName);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const code = isApiError(error) ? error.code : 'generic';
  return (
    <Stack gap={4} align="flex-end">
      <Group gap={0} wrap="nowrap">
        <Button
          onClick={run}
          loading={busy}
          leftSection={<IconFileExport size={18} />}
          variant="light"
          style={{ borderStartEndRadius: 0, borderEndEndRadius: 0 }}
          data-testid="export-button"
        >
          {t('imports.export.button', { format: format.toUpperCase() })}
        </Button>
        <Popover opened={options} onChange={setOptions} position="bottom-end" withArrow shadow="md" width={300}>
          <Popover.Target>
            <ActionIcon
              size={36}
              variant="light"
              onClick={() => setOptions((o) => !o)}
              aria-label={t('imports.export.options')}
              aria-expanded={options}
              style={{ borderStartStartRadius: 0, borderEndStartRadius: 0, borderInlineStart: '1px solid var(--mantine-color-petrol-2)' }}
              data-testid="export-options"
            >
              <IconChevronDown size={16} />
            </ActionIcon>
          </Popover.Target>
          <Popover.Dropdown>
            <Stack gap="sm">
              <Text fz="sm" fw={600}>
                {t('imports.export.format')}
              </Text>
              <SegmentedControl
                fullWidth
                value={format}
                onChange={(v) => setFormat(v as ExportFormat)}
                data={EXPORT_FORMATS.map((f) => ({ value: f, label: t(`imports.export.formats.${f}`) }))}
                data-testid="export-format"
              />
              <Checkbox.Group
                label={t('imports.export.languages')}
                value={languages}
                onChange={(v) => setLanguages(v as Locale[])}
                error={languages.length === 0 ? t('imports.export.languagesRequired') : undefined}
              >
                <Stack gap={6} mt={6}>
                  {LOCALES.map((l) => (
                    <Checkbox key={l} value={l} label={t(`languages.${l}`)} data-testid={`export-lang-${l}`} />
                  ))}
                </Stack>
              </Checkbox.Group>
              <Stack gap={6}>
                <Text fz="sm" fw={500} id="export-labels-label">
                  {t('imports.export.labels')}
                </Text>
                <SegmentedControl
                  fullWidth
                  value={labels}
                  onChange={(v) => setLabels(v as Locale)}
                  data={LOCALES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
                  aria-labelledby="export-labels-label"
                  data-testid="export-labels"
                />
                <Text fz="xs" c="dimmed">
                  {t('imports.export.labelsHint')}
                </Text>
              </Stack>
              <Checkbox checked={codes} onChange={(e) => setCodes(e.currentTarget.checked)} label={t('imports.export.codes')} description={t('imports.export.codesHint')} data-testid="export-codes" />
              <Text fz="xs" c="dimmed">
                {t('imports.export.filtersHint')}
              </Text>
              <Button onClick={run} disabled={languages.length === 0} leftSection={<IconFileExport size={16} />} data-testid="export-run">
                {t('imports.export.download')}
              </Button>
            </Stack>
          </Popover.Dropdown>
        </Popover>
      </Group>
      {error != null && (
        <Notification color="red" withCloseButton onClose={() => setError(null)} maw={360} data-testid="export-error" data-code={code}>
          {t(`imports.export.errors.${code}`, { defaultValue: t(errorMessageKey(code), { defaultValue: t('imports.export.failed') }) })}
        </Notification>
      )}
    </Stack>
  );
}
