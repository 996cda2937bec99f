import type { Locale } from '@sidh/domain';

/** Every mail the system sends, in the recipient's language. Parameters are plain text (no HTML mail). */
export type MailType =
  | 'contribution.submitted'
  | 'contribution.submitted_no_validator'
  | 'contribution.approved'
  | 'contribution.returned'
  | 'contribution.validated'
  | 'reminder.due_soon'
  | 'reminder.overdue'
  | 'invitation'
  | 'password.reset';

/** A value given in each language (e.g. an institution's name): the mail takes the recipient's. */
export type LocalizedParam = Record<Locale, string | null>;
export type MailParams = Record<string, string | number | LocalizedParam | null | undefined>;

/** An institution's names as a mail parameter. */
export const institutionNames = (i: { nameAr: string | null; nameFr: string | null; nameEn: string | null }): LocalizedParam => ({ ar: i.nameAr, fr: i.nameFr, en: i.nameEn });

function paramText(value: MailParams[string], locale: Locale): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  return value[locale] || value.fr || value.en || value.ar || '';
}

type Template = { subject: string; body: string };

const TEMPLATES: Record<MailType, Record<Locale, Template>> = {
  'contribution.submitted': {
    fr: { subject: 'Contribution soumise : {recommendation}', body: '{actor} a soumis la contribution de {institution} sur {recommendation} (campagne « {campaign} »). Elle attend votre approbation.\n\n{link}' },
    en: { subject: 'Contribution submitted: {recommendation}', body: '{actor} submitted the contribution of {institution} on {recommendation} (campaign "{campaign}"). It awaits your approval.\n\n{link}' },
    ar: { subject: 'تم تقديم مساهمة: {recommendation}', body: 'قدّم {actor} مساهمة {institution} بشأن {recommendation} (حملة «{campaign}»). وهي في انتظار موافقتكم.\n\n{link}' },
  },
  'contribution.submitted_no_validator': {
    fr: {
      subject: 'Contribution à examiner (sans validateur) : {recommendation}',
      body: "{actor} a soumis la contribution de {institution} sur {recommendation} (campagne « {campaign} »). Cette institution n'a pas de validateur actif : c'est à vous de la valider ou de la renvoyer.\n\n{link}",
    },
    en: {
      subject: 'Contribution to review (no validator): {recommendation}',
      body: '{actor} submitted the contribution of {institution} on {recommendation} (campaign "{campaign}"). This institution has no active validator: it is yours to validate or return.\n\n{link}',
    },
    ar: {
      subject: 'مساهمة للمراجعة (دون مصادق): {recommendation}',
      body: 'قدّم {actor} مساهمة {institution} بشأن {recommendation} (حملة «{campaign}»). لا يوجد مصادق نشط لدى هذه المؤسسة: يعود إليكم اعتمادها أو إعادتها.\n\n{link}',
    },
  },
  'contribution.approved': {
    fr: { subject: 'Contribution approuvée : {recommendation}', body: '{actor} a approuvé la contribution de {institution} sur {recommendation} (campagne « {campaign} »). Elle est transmise au coordinateur.\n\n{link}' },
    en: { subject: 'Contribution approved: {recommendation}', body: '{actor} approved the contribution of {institution} on {recommendation} (campaign "{campaign}"). It goes to the coordinator.\n\n{link}' },
    ar: { subject: 'تمت الموافقة على مساهمة: {recommendation}', body: 'وافق {actor} على مساهمة {institution} بشأن {recommendation} (حملة «{campaign}»). وقد أحيلت إلى المنسق.\n\n{link}' },
  },
  'contribution.returned': {
    fr: { subject: 'Contribution renvoyée : {recommendation}', body: '{actor} a renvoyé la contribution de {institution} sur {recommendation} avec ce commentaire :\n\n{comment}\n\n{link}' },
    en: { subject: 'Contribution returned: {recommendation}', body: '{actor} returned the contribution of {institution} on {recommendation} with this comment:\n\n{comment}\n\n{link}' },
    ar: { subject: 'أعيدت مساهمة: {recommendation}', body: 'أعاد {actor} مساهمة {institution} بشأن {recommendation} مع التعليق التالي:\n\n{comment}\n\n{link}' },
  },
  'contribution.validated': {
    fr: { subject: 'Contribution validée : {recommendation}', body: '{actor} a validé la contribution de {institution} sur {recommendation} (campagne « {campaign} »).\n\n{link}' },
    en: { subject: 'Contribution validated: {recommendation}', body: '{actor} validated the contribution of {institution} on {recommendation} (campaign "{campaign}").\n\n{link}' },
    ar: { subject: 'تم اعتماد مساهمة: {recommendation}', body: 'اعتمد {actor} مساهمة {institution} بشأن {recommendation} (حملة «{campaign}»).\n\n{link}' },
  },
  'reminder.due_soon': {
    fr: { subject: 'Rappel : contribution attendue avant le {deadline}', body: 'La contribution de {institution} sur {recommendation} (campagne « {campaign} ») est attendue avant le {deadline}.\n\n{link}' },
    en: { subject: 'Reminder: contribution due by {deadline}', body: 'The contribution of {institution} on {recommendation} (campaign "{campaign}") is due by {deadline}.\n\n{link}' },
    ar: { subject: 'تذكير: المساهمة مطلوبة قبل {deadline}', body: 'مساهمة {institution} بشأن {recommendation} (حملة «{campaign}») مطلوبة قبل {deadline}.\n\n{link}' },
  },
  'reminder.overdue': {
    fr: { subject: 'En retard : contribution attendue le {deadline}', body: 'La contribution de {institution} sur {recommendation} (campagne « {campaign} ») était attendue le {deadline} et n’a pas été soumise.\n\n{link}' },
    en: { subject: 'Overdue: contribution was due on {deadline}', body: 'The contribution of {institution} on {recommendation} (campaign "{campaign}") was due on {deadline} and has not been submitted.\n\n{link}' },
    ar: { subject: 'متأخرة: كانت المساهمة مطلوبة في {deadline}', body: 'كانت مساهمة {institution} بشأن {recommendation} (حملة «{campaign}») مطلوبة في {deadline} ولم تقدَّم بعد.\n\n{link}' },
  },
  invitation: {
    fr: { subject: 'Invitation à SIDH', body: 'Bonjour {name},\n\n{actor} vous invite à rejoindre SIDH pour {institution}. Choisissez votre mot de passe avec ce lien (valable jusqu’au {expires}, utilisable une seule fois) :\n\n{link}' },
    en: { subject: 'Invitation to SIDH', body: 'Hello {name},\n\n{actor} invites you to join SIDH for {institution}. Choose your password with this link (valid until {expires}, single use):\n\n{link}' },
    ar: { subject: 'دعوة للانضمام إلى SIDH', body: 'مرحبًا {name}،\n\nيدعوك {actor} للانضمام إلى SIDH عن {institution}. اختر كلمة المرور عبر هذا الرابط (صالح حتى {expires}، لاستعمال واحد):\n\n{link}' },
  },
  'password.reset': {
    fr: {
      subject: 'SIDH : réinitialiser votre mot de passe',
      body: "Bonjour {name},\n\nUne réinitialisation du mot de passe de votre compte SIDH a été demandée. Choisissez un nouveau mot de passe avec ce lien (valable jusqu’au {expires}, utilisable une seule fois) :\n\n{link}\n\nSi vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe ne change pas.",
    },
    en: {
      subject: 'SIDH: reset your password',
      body: 'Hello {name},\n\nA password reset was requested for your SIDH account. Choose a new password with this link (valid until {expires}, single use):\n\n{link}\n\nIf you did not ask for it, ignore this message: your password does not change.',
    },
    ar: {
      subject: 'SIDH: إعادة تعيين كلمة المرور',
      body: 'مرحبًا {name}،\n\nطُلبت إعادة تعيين كلمة مرور حسابك في SIDH. اختر كلمة مرور جديدة عبر هذا الرابط (صالح حتى {expires}، لاستعمال واحد):\n\n{link}\n\nإن لم تطلب ذلك فتجاهل هذه الرسالة: لن تتغير كلمة مرورك.',
    },
  },
};

export function renderMail(type: MailType, locale: Locale, params: MailParams): Template {
  const template = TEMPLATES[type][locale] ?? TEMPLATES[type].fr;
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, key: string) => paramText(params[key], locale));
  return { subject: fill(template.subject).replace(/[\r\n]+/g, ' ').slice(0, 300), body: fill(template.body) };
}
