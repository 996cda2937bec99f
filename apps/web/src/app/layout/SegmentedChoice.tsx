import { useId, type ReactNode } from 'react';
import classes from './SegmentedChoice.module.css';

export interface SegmentedChoiceItem<T extends string> {
  value: T;
  label: ReactNode;
}

interface Props<T extends string> {
  data: readonly SegmentedChoiceItem<T>[];
  value: T;
  onChange: (value: T) => void;
  'aria-label': string;
  size?: 'xs' | 'sm';
  'data-testid'?: string;
}

/**
 * A few exclusive choices side by side (radio buttons under one name, so the arrow keys move between
 * them), drawn like Mantine's SegmentedControl. Mantine's measures its choices to slide an indicator
 * under the chosen one (a forced layout of the whole page on mount and on every resize): on a slow
 * phone that cost more than the rest of the header. Here the chosen one is styled by CSS alone.
 */
export function SegmentedChoice<T extends string>({ data, value, onChange, size = 'sm', ...props }: Props<T>) {
  const name = useId();
  return (
    <div role="radiogroup" aria-label={props['aria-label']} className={classes.root} data-size={size} data-testid={props['data-testid']}>
      {data.map((item, i) => {
        const active = item.value === value;
        const id = `${name}-${i}`;
        return (
          <div key={item.value} className={classes.control} data-active={active || undefined}>
            <input className={classes.input} type="radio" name={name} id={id} value={item.value} checked={active} onChange={() => onChange(item.value)} />
            <label className={classes.label} htmlFor={id} data-active={active || undefined}>
              {item.label}
            </label>
          </div>
        );
      })}
    </div>
  );
}
