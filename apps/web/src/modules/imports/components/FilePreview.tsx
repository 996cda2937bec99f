import { Badge, Card, Group, ScrollArea, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/locale';
import type { ImportPreview } from '../api';
import { delimiterKey } from './MappingStep';
import classes from './imports.module.css';

interface FilePreviewProps {
  preview: ImportPreview;
  /** Another worksheet of the workbook: the API reads the stored file again. */
  onSheet: (sheet: string) => void;
  changingSheet: boolean;
}

/**
 * What the API read in the file before any mapping: format, encoding, delimiter, worksheet, the
 * columns and the first rows, as the importer will see them. Cells keep their own direction
 * (`dir="auto"`): Arabic and French texts sit side by side in the same sheet.
 */
export function FilePreview({ preview, onSheet, changingSheet }: FilePreviewProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  // Columns holding sentences (recommendation texts) get room to be read; codes and labels stay narrow.
  const wide = preview.columns.map((_, i) => preview.rows.some((r) => (r.cells[i]?.length ?? 0) > 40));
  const facts: Array<[string, string, string]> = [
    ['format', t('imports.report.format'), preview.format.toUpperCase()],
    ['encoding', t('imports.report.encoding'), preview.encoding ?? t('imports.report.notApplicable')],
    ['delimiter', t('imports.report.delimiter'), preview.delimiter ? t(`imports.delimiters.${delimiterKey(preview.delimiter)}`) : t('imports.report.notApplicable')],
    ['rows', t('imports.report.rows'), fmt.number(preview.totalRows)],
    ['columns', t('imports.preview.columns'), fmt.number(preview.columns.length)],
  ];
  return (
    <Card padding="md" data-testid="file-preview" data-upload-id={preview.uploadId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Title order={3} fz="h4">
            {t('imports.preview.title')}
          </Title>
          {preview.sheets.length > 1 && (
            <Select
              label={t('imports.preview.sheet')}
              data={preview.sheets}
              value={preview.sheet}
              onChange={(v) => v && v !== preview.sheet && onSheet(v)}
              allowDeselect={false}
              disabled={changingSheet}
              w={240}
              data-testid="preview-sheet"
            />
          )}
        </Group>
        <Group gap="xl" wrap="wrap" data-testid="preview-facts">
          {facts.map(([key, label, value]) => (
            <Stack key={key} gap={0}>
              <Text fz="xs" c="dimmed">
                {label}
              </Text>
              <Text fz="sm" fw={600} className={key === 'encoding' || key === 'format' ? classes.mono : undefined} data-testid={`preview-fact-${key}`}>
                {value}
              </Text>
            </Stack>
          ))}
        </Group>
        <Text fz="sm" c="dimmed" data-testid="preview-caption">
          {t('imports.preview.caption', { count: preview.rows.length, shown: fmt.number(preview.rows.length), total: fmt.number(preview.totalRows) })}
        </Text>
        <ScrollArea type="auto" offsetScrollbars className={classes.previewScroll}>
          <Table striped withTableBorder withColumnBorders fz="xs" className={classes.previewTable} data-testid="preview-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" className={classes.previewRowNumber}>
                  {t('imports.preview.row')}
                </Table.Th>
                {preview.columns.map((c, i) => (
                  <Table.Th key={`${i}-${c}`} scope="col" data-testid="preview-column" title={c || undefined}>
                    <Badge variant="light" color="gray" className={classes.mono} tt="none">
                      {c || t('imports.preview.unnamed', { n: fmt.number(i + 1) })}
                    </Badge>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.rows.map((r) => (
                <Table.Tr key={r.row} data-testid="preview-row" data-row={r.row}>
                  <Table.Td className={classes.previewRowNumber}>{fmt.number(r.row)}</Table.Td>
                  {r.cells.map((cell, i) => (
                    <Table.Td key={i} dir="auto" className={classes.previewCell} data-wide={wide[i] || undefined} title={cell.length > 120 ? cell : undefined}>
                      {cell.length > 120 ? `${cell.slice(0, 120)}…` : cell}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Stack>
    </Card>
  );
}
