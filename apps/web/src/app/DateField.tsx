import { useEffect, useMemo, useRef, useState } from 'react';
import { ActionIcon, TextInput, type TextInputProps } from '@mantine/core';
import { IconCalendar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useLocale } from './locale';

/** The order of day, month and year in a locale's numeric dates (fr, ar-MA: day first; en-US: month first). */
export function dateOrder(intlLocale: string): Array<'day' | 'month' | 'year'> {
  const parts = new Intl.DateTimeFormat(intlLocale, { day: '2-digit', month: '2-digit', year: 'numeric', numberingSystem: 'latn' }).formatToParts(new Date(Date.UTC(2027, 11, 31)));
  return parts.filter((p): p is Intl.DateTimeFormatPart & { type: 'day' | 'month' | 'year' } => p.type === 'day' || p.type === 'month' || p.type === 'year').map((p) => p.type);
}

/**
 * An ISO date (YYYY-MM-DD) as the locale writes it with digits: 31/12/2027 in French and Arabic
 * (Morocco). Right to left, a right-to-left mark follows each separator's left number (as `Intl`
 * writes ar-MA dates), so the day stays on the right, where an Arabic reader starts.
 */
export function formatIsoDate(iso: string, intlLocale: string, dir: 'ltr' | 'rtl' = 'ltr'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return '';
  const values = { year: m[1]!, month: m[2]!, day: m[3]! };
  return dateOrder(intlLocale)
    .map((k) => values[k])
    .join(dir === 'rtl' ? '\u200F/' : '/');
}

/** What the user typed (in the locale's order, any of / . - as separator, or ISO), as an ISO date; null when it is not a real date. */
export function parseLocalDate(text: string, intlLocale: string): string | null {
  const trimmed = text
    .replace(/[\u200E\u200F\u061C]/g, '')
    .trim()
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return isRealDate(trimmed) ? trimmed : null;
  const pieces = trimmed.split(/[/.\-\s]+/);
  if (pieces.length !== 3 || pieces.some((p) => !/^\d{1,4}$/.test(p))) return null;
  const order = dateOrder(intlLocale);
  const v: Record<string, string> = {};
  order.forEach((k, i) => (v[k] = pieces[i]!));
  if (v['year']!.length !== 4) return null;
  const iso = `${v['year']}-${v['month']!.padStart(2, '0')}-${v['day']!.padStart(2, '0')}`;
  return isRealDate(iso) ? iso : null;
}

function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

type Props = Omit<TextInputProps, 'value' | 'onChange' | 'type'> & {
  /** ISO date (YYYY-MM-DD), or '' when empty. */
  value: string;
  onChange: (iso: string) => void;
  min?: string;
};

/**
 * A date input that writes and reads dates as the UI language does (31/12/2027 in French and Arabic),
 * whatever the browser's own language (a native `type="date"` shows mm/dd/yyyy in an English browser).
 * The calendar button opens the browser's picker; the value stays ISO.
 */
export function DateField({ value, onChange, min, error, ...rest }: Props) {
  const { t } = useTranslation();
  const { intlLocale, dir } = useLocale();
  const [text, setText] = useState(() => formatIsoDate(value, intlLocale, dir));
  const [invalid, setInvalid] = useState(false);
  const native = useRef<HTMLInputElement>(null);
  const placeholder = useMemo(() => dateOrder(intlLocale).map((k) => t(`workflow.date.${k}`)).join('/'), [intlLocale, t]);

  useEffect(() => {
    setText(formatIsoDate(value, intlLocale, dir));
    setInvalid(false);
  }, [value, intlLocale, dir]);

  const picker = (
    <ActionIcon variant="subtle" color="gray" aria-label={t('workflow.date.pick')} onClick={() => native.current?.showPicker?.()}>
      <IconCalendar size={16} />
    </ActionIcon>
  );

  const commit = () => {
    if (!text.trim()) {
      setInvalid(false);
      if (value) onChange('');
      return;
    }
    const iso = parseLocalDate(text, intlLocale);
    setInvalid(iso === null);
    if (iso && iso !== value) onChange(iso);
  };

  return (
    <div style={{ position: 'relative' }}>
      <TextInput
        {...rest}
        value={text}
        inputMode="numeric"
        placeholder={placeholder}
        onChange={(e) => {
          const typed = e.currentTarget.value;
          setText(typed);
          // A complete date is taken at once (no need to leave the field); a partial one waits for blur.
          const iso = parseLocalDate(typed, intlLocale);
          if (iso) {
            setInvalid(false);
            if (iso !== value) onChange(iso);
          }
        }}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
        error={invalid ? t('workflow.date.invalid', { format: placeholder }) : error}
        rightSection={picker}
      />
      <input
        ref={native}
        type="date"
        tabIndex={-1}
        aria-hidden
        value={value}
        min={min}
        onChange={(e) => onChange(e.currentTarget.value)}
        style={{ position: 'absolute', insetInlineEnd: 0, bottom: 0, width: 1, height: 1, opacity: 0, pointerEvents: 'none' }}
      />
    </div>
  );
}
