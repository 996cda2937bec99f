import { useState } from 'react';
import { Input, SegmentedControl, Stack, Text, Textarea, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Markdown } from './Markdown';
import classes from './contributions.module.css';
import { autoDir } from '../../reporting/utils/auto-dir';

interface Props {
  label: string;
  description?: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  required?: boolean;
  testId: string;
  maxLength?: number;
}

/** A Markdown text with a "write / preview" switch; the text direction follows what is typed. */
export function MarkdownField({ label, description, value, onChange, error, required, testId, maxLength }: Props) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'write' | 'preview'>('write');
  return (
    <Stack gap={6}>
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <Input.Label required={required}>{label}</Input.Label>
        <SegmentedControl
          size="xs"
          value={mode}
          onChange={(v) => setMode(v as 'write' | 'preview')}
          data={[
            { value: 'write', label: t('reporting.editor.write') },
            { value: 'preview', label: t('reporting.editor.preview') },
          ]}
          data-testid={`${testId}-mode`}
        />
      </Group>
      {description && (
        <Text fz="xs" c="dimmed">
          {description}
        </Text>
      )}
      {mode === 'write' ? (
        <Textarea
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          autosize
          minRows={6}
          maxRows={24}
          ref={autoDir}
          error={error}
          maxLength={maxLength}
          aria-label={label}
          data-testid={testId}
        />
      ) : (
        <div className={classes.preview} data-testid={`${testId}-preview`}>
          {value.trim() ? <Markdown>{value}</Markdown> : <Text c="dimmed" fz="sm">{t('reporting.editor.nothingToPreview')}</Text>}
        </div>
      )}
    </Stack>
  );
}
