import { useState } from 'react';
import { NumberInput, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../../app/DateField';
import { useLocale } from '../../../app/locale';
import { referenceAdminApi, type Body, type Review } from '../api';
import { useReferenceWrite } from '../hooks/use-reference-admin';
import { nameIn } from '../utils/filter';
import { useFieldError } from './form-errors';
import { NameFields, type Names } from './NameFields';
import { ReferenceFormDrawer } from './ReferenceFormDrawer';

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** Create (no `review`) or edit a review, session or visit; its body never changes. A cycle is a UPR notion. */
export function ReviewDrawer({ review, bodies, opened, onClose }: { review: Review | null; bodies: Body[]; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [bodyId, setBodyId] = useState<string | null>(review?.bodyId ?? null);
  const [code, setCode] = useState(review?.code ?? '');
  const [titles, setTitles] = useState<Names>({ ar: review?.titleAr ?? '', fr: review?.titleFr ?? '', en: review?.titleEn ?? '' });
  const [cycle, setCycle] = useState<number | ''>(review?.cycle ?? '');
  const [session, setSession] = useState(review?.session ?? '');
  const [reviewDate, setReviewDate] = useState(review?.reviewDate ?? '');
  const [symbol, setSymbol] = useState(review?.documentSymbol ?? '');
  const body = bodies.find((b) => b.id === bodyId);
  const upr = body?.mechanism === 'UPR';

  const save = useReferenceWrite(() => {
    const fields = {
      code,
      titleAr: titles.ar,
      titleFr: titles.fr,
      titleEn: titles.en,
      cycle: upr && cycle !== '' ? cycle : null,
      session: orNull(session),
      reviewDate: reviewDate || null,
      documentSymbol: orNull(symbol),
    };
    return review ? referenceAdminApi.updateReview(review.id, review.version, fields) : referenceAdminApi.createReview({ bodyId: bodyId ?? '', ...fields });
  }, onClose);
  const errors = useFieldError(save.error);

  return (
    <ReferenceFormDrawer opened={opened} onClose={onClose} title={t(review ? 'referenceAdmin.edit.reviews' : 'referenceAdmin.create.reviews')} save={save}>
          <Select
            label={t('referenceAdmin.fields.body')}
            data={bodies.filter((b) => b.active || b.id === bodyId).map((b) => ({ value: b.id, label: `${b.code} — ${nameIn(b, locale)}` }))}
            value={bodyId}
            onChange={setBodyId}
            disabled={!!review}
            required
            searchable
            error={errors('bodyId')}
            data-testid="field-bodyId"
          />
          <TextInput
            label={t('referenceAdmin.fields.code')}
            description={t('referenceAdmin.fields.reviewCodeHelp')}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            required
            error={errors('code')}
            data-testid="field-code"
          />
          <NameFields value={titles} onChange={setTitles} errors={errors} prefix="title" labelKey="title" />
          {upr && (
            <NumberInput
              label={t('referenceAdmin.fields.cycle')}
              value={cycle}
              onChange={(v) => setCycle(typeof v === 'number' ? v : '')}
              min={1}
              max={20}
              allowDecimal={false}
              error={errors('cycle')}
              data-testid="field-cycle"
            />
          )}
          <TextInput label={t('referenceAdmin.fields.session')} value={session} onChange={(e) => setSession(e.currentTarget.value)} error={errors('session')} data-testid="field-session" />
          <DateField label={t('referenceAdmin.fields.reviewDate')} value={reviewDate} onChange={setReviewDate} error={errors('reviewDate') ?? errors('year')} data-testid="field-reviewDate" />
          <TextInput
            label={t('referenceAdmin.fields.documentSymbol')}
            placeholder="A/HRC/52/7"
            value={symbol}
            onChange={(e) => setSymbol(e.currentTarget.value)}
            error={errors('documentSymbol')}
            data-testid="field-documentSymbol"
          />
    </ReferenceFormDrawer>
  );
}
