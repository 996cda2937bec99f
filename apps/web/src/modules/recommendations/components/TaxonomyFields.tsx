import { Grid, MultiSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useTaxonomyOptions } from '../hooks/use-taxonomy-options';
import { TAXONOMY_FIELDS, TAXONOMY_SOURCE, type TaxonomyField, type TaxonomyValues } from '../utils/taxonomy';

interface Props {
  values: TaxonomyValues;
  onChange: (field: TaxonomyField, codes: string[]) => void;
  error?: (field: TaxonomyField) => string | undefined;
  /** A question of a list of issues has no recommending State. */
  hideStates?: boolean;
}

/**
 * Recommending States, themes, persons affected, SDG targets, national axes and sub-axes: searchable
 * multi-selects of the reference lists (sub-axes limited to the chosen axes when some are chosen).
 */
export function TaxonomyFields({ values, onChange, error, hideStates = false }: Props) {
  const { t } = useTranslation();
  const options = useTaxonomyOptions();
  const shown = TAXONOMY_FIELDS.filter((f) => !(hideStates && f === 'recommendingStateCodes'));
  const dataOf = (field: TaxonomyField) => {
    // Deactivated entries are offered no more, but stay where already chosen (so they can be removed).
    const all = options[field].filter((o) => !o.inactive || values[field].includes(o.value));
    if (field !== 'subAxisCodes' || values.axisCodes.length === 0) return all;
    // keep the chosen ones even when their axis is no longer chosen, so they can be removed
    return all.filter((o) => values.axisCodes.includes(o.parent ?? '') || values.subAxisCodes.includes(o.value));
  };
  return (
    <Grid gap="md" data-testid="taxonomy-fields">
      {shown.map((field) => (
        <Grid.Col key={field} span={{ base: 12, md: 6 }}>
          <MultiSelect
            label={field === 'subAxisCodes' ? t('workflow.recommendation.subAxes') : t(`fields.${TAXONOMY_SOURCE[field]}`)}
            placeholder={values[field].length ? undefined : t('workflow.recommendation.choose')}
            data={dataOf(field)}
            value={values[field]}
            onChange={(codes) => onChange(field, codes)}
            searchable
            clearable
            hidePickedOptions
            maxDropdownHeight={280}
            nothingFoundMessage={options.loading ? t('common.loading') : t('workflow.recommendation.nothingFound')}
            error={error?.(field)}
            comboboxProps={{ withinPortal: true }}
            data-testid={`edit-${field}`}
          />
        </Grid.Col>
      ))}
    </Grid>
  );
}
