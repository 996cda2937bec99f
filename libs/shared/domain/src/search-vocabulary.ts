/**
 * Cross-language search. The catalogue is split by language (UPR cycles 1–2 exist in English only,
 * cycle 3 in French and Arabic only), so a query in one language must also reach recommendations written
 * only in the others. A trilingual vocabulary of human-rights concepts does it: when the query contains
 * a term of a concept (`torture`, `peine de mort`, `التعذيب`), that part of the query also matches the
 * concept's terms in every language.
 *
 * The vocabulary is the curated `CORE_CONCEPTS` below plus labels the product already holds in three
 * languages (UHRI themes, affected persons, SDG goals: `conceptsFromLabels`).
 *
 * Matching is on normalised tokens (`normalizeForSearch`): stop words are skipped, Latin tokens match their
 * inflections (`femme` ~ `femmes`), Arabic tokens without their clitics (`والتعذيب` ~ `تعذيب`).
 * Arabic terms of the vocabulary are sent to the database in their usual prefixed forms, since the index
 * matches word prefixes only (`تعذيب` must also find `التعذيب`, `بالتعذيب`, `للتعذيب`).
 */
import { expandQueryTerms, normalizeForSearch } from './search.js';

export type SearchLanguage = 'ar' | 'fr' | 'en';
export const SEARCH_LANGUAGES: readonly SearchLanguage[] = ['ar', 'fr', 'en'];

export interface VocabularyConcept {
  id: string;
  ar: readonly string[];
  fr: readonly string[];
  en: readonly string[];
}

/** One way to satisfy a group: tokens that must all match, each through one of its alternatives. */
export interface QueryTerm {
  /** null: the words the user typed; otherwise the language of a vocabulary term. */
  lang: SearchLanguage | null;
  tokens: string[][];
}

/** A part of the query: the typed words (first term) or, when they name a concept, any of its terms. */
export interface QueryGroup {
  conceptId: string | null;
  terms: QueryTerm[];
}

export interface ExpandedQuery {
  groups: QueryGroup[];
  /** True when at least one group has vocabulary terms. */
  expanded: boolean;
  /** Languages of the vocabulary terms the query itself matched (what the user typed in). */
  queryLanguages: SearchLanguage[];
}

/** Core concepts of human-rights recommendations, as UN texts word them in each language. */
export const CORE_CONCEPTS: readonly VocabularyConcept[] = Object.freeze([
  { id: 'torture', en: ['torture'], fr: ['torture'], ar: ['التعذيب'] },
  { id: 'ill-treatment', en: ['ill-treatment', 'cruel, inhuman or degrading'], fr: ['mauvais traitements', 'cruels, inhumains ou dégradants'], ar: ['سوء المعاملة', 'المعاملة القاسية'] },
  { id: 'death-penalty', en: ['death penalty', 'capital punishment', 'death sentence'], fr: ['peine de mort', 'peine capitale', 'condamnation à mort'], ar: ['عقوبة الإعدام', 'الإعدام'] },
  { id: 'women', en: ['women', 'woman'], fr: ['femmes', 'femme'], ar: ['المرأة', 'النساء'] },
  { id: 'girls', en: ['girls', 'girl'], fr: ['filles', 'fille'], ar: ['الفتيات', 'الفتاة'] },
  { id: 'children', en: ['children', 'child'], fr: ['enfants', 'enfant'], ar: ['الأطفال', 'الطفل'] },
  { id: 'migrants', en: ['migrants', 'migrant', 'migration'], fr: ['migrants', 'migrant', 'migration'], ar: ['المهاجرين', 'المهاجرون', 'الهجرة'] },
  { id: 'refugees', en: ['refugees', 'refugee', 'asylum'], fr: ['réfugiés', 'réfugié', 'asile'], ar: ['اللاجئين', 'اللاجئون', 'اللجوء'] },
  { id: 'disability', en: ['disability', 'disabilities', 'disabled'], fr: ['handicap', 'handicapés', 'handicapées'], ar: ['الإعاقة', 'المعاقين', 'ذوي الإعاقة'] },
  { id: 'freedom-of-expression', en: ['freedom of expression', 'freedom of opinion'], fr: ["liberté d'expression", "liberté d'opinion"], ar: ['حرية التعبير', 'حرية الرأي'] },
  { id: 'freedom-of-association', en: ['freedom of association', 'associations'], fr: ["liberté d'association", 'associations'], ar: ['حرية تكوين الجمعيات', 'الجمعيات'] },
  { id: 'peaceful-assembly', en: ['peaceful assembly', 'freedom of assembly'], fr: ['réunion pacifique', 'rassemblement pacifique'], ar: ['التجمع السلمي'] },
  { id: 'freedom-of-religion', en: ['freedom of religion', 'religion'], fr: ['liberté de religion', 'religion'], ar: ['حرية الدين', 'الدين'] },
  { id: 'press', en: ['freedom of the press', 'press', 'media'], fr: ['liberté de la presse', 'presse', 'médias'], ar: ['حرية الصحافة', 'الصحافة', 'وسائل الإعلام'] },
  { id: 'journalists', en: ['journalists', 'journalist'], fr: ['journalistes', 'journaliste'], ar: ['الصحفيين', 'الصحافيين', 'الصحفيون'] },
  { id: 'human-rights-defenders', en: ['human rights defenders'], fr: ['défenseurs des droits de l’homme', 'défenseurs des droits humains'], ar: ['المدافعين عن حقوق الإنسان'] },
  { id: 'trafficking', en: ['trafficking'], fr: ['traite'], ar: ['الاتجار'] },
  { id: 'violence-against-women', en: ['violence against women', 'domestic violence', 'gender-based violence'], fr: ["violence à l'égard des femmes", 'violence contre les femmes', 'violences faites aux femmes', 'violence domestique', 'violence conjugale'], ar: ['العنف ضد المرأة', 'العنف ضد النساء', 'العنف المنزلي', 'العنف الأسري'] },
  { id: 'violence', en: ['violence'], fr: ['violence'], ar: ['العنف'] },
  { id: 'discrimination', en: ['discrimination'], fr: ['discrimination'], ar: ['التمييز'] },
  { id: 'racism', en: ['racism', 'racial discrimination'], fr: ['racisme', 'discrimination raciale'], ar: ['العنصرية', 'التمييز العنصري'] },
  { id: 'gender-equality', en: ['gender equality', 'equality between men and women'], fr: ['égalité entre les sexes', 'égalité entre les hommes et les femmes', 'parité'], ar: ['المساواة بين الجنسين', 'المساواة بين الرجل والمرأة', 'المناصفة'] },
  { id: 'equality', en: ['equality'], fr: ['égalité'], ar: ['المساواة'] },
  { id: 'education', en: ['education', 'school'], fr: ['éducation', 'enseignement', 'école'], ar: ['التعليم', 'التربية', 'المدرسة'] },
  { id: 'health', en: ['health'], fr: ['santé'], ar: ['الصحة'] },
  { id: 'poverty', en: ['poverty', 'poor'], fr: ['pauvreté', 'pauvres'], ar: ['الفقر', 'الفقراء'] },
  { id: 'employment', en: ['employment', 'labour', 'work'], fr: ['emploi', 'travail'], ar: ['التشغيل', 'العمل'] },
  { id: 'child-labour', en: ['child labour'], fr: ['travail des enfants'], ar: ['عمل الأطفال', 'تشغيل الأطفال'] },
  { id: 'child-marriage', en: ['child marriage', 'early marriage'], fr: ['mariage des enfants', 'mariage précoce', 'mariage des mineurs'], ar: ['زواج القاصرين', 'الزواج المبكر', 'زواج الأطفال'] },
  { id: 'marriage', en: ['marriage'], fr: ['mariage'], ar: ['الزواج'] },
  { id: 'enforced-disappearance', en: ['enforced disappearance', 'enforced disappearances'], fr: ['disparition forcée', 'disparitions forcées'], ar: ['الاختفاء القسري'] },
  { id: 'detention', en: ['detention', 'prison', 'prisons', 'prisoners'], fr: ['détention', 'prison', 'prisons', 'pénitentiaire', 'détenus'], ar: ['الاحتجاز', 'السجون', 'السجن', 'السجناء'] },
  { id: 'fair-trial', en: ['fair trial'], fr: ['procès équitable'], ar: ['المحاكمة العادلة'] },
  { id: 'judiciary', en: ['judiciary', 'judicial'], fr: ['judiciaire', 'magistrature'], ar: ['القضاء', 'القضائية'] },
  { id: 'corruption', en: ['corruption'], fr: ['corruption'], ar: ['الفساد'] },
  { id: 'impunity', en: ['impunity'], fr: ['impunité'], ar: ['الإفلات من العقاب'] },
  { id: 'terrorism', en: ['terrorism'], fr: ['terrorisme'], ar: ['الإرهاب'] },
  { id: 'police', en: ['police', 'security forces', 'law enforcement'], fr: ['police', 'forces de sécurité', "forces de l'ordre"], ar: ['الشرطة', 'قوات الأمن'] },
  { id: 'ratification', en: ['ratify', 'ratification', 'accede'], fr: ['ratifier', 'ratification', 'adhérer'], ar: ['التصديق', 'المصادقة', 'الانضمام'] },
  { id: 'optional-protocol', en: ['optional protocol'], fr: ['protocole facultatif'], ar: ['البروتوكول الاختياري'] },
  { id: 'convention', en: ['convention'], fr: ['convention'], ar: ['الاتفاقية'] },
  { id: 'national-human-rights-institution', en: ['national human rights institution', 'national human rights council'], fr: ['institution nationale des droits de l’homme', 'conseil national des droits de l’homme'], ar: ['المؤسسة الوطنية لحقوق الإنسان', 'المجلس الوطني لحقوق الإنسان'] },
  { id: 'human-rights', en: ['human rights'], fr: ['droits de l’homme', 'droits humains'], ar: ['حقوق الإنسان'] },
  { id: 'civil-society', en: ['civil society', 'non-governmental organizations'], fr: ['société civile', 'organisations non gouvernementales'], ar: ['المجتمع المدني', 'المنظمات غير الحكومية'] },
  { id: 'housing', en: ['housing'], fr: ['logement'], ar: ['السكن'] },
  { id: 'water', en: ['water', 'sanitation'], fr: ['eau', 'assainissement'], ar: ['المياه', 'الماء', 'الصرف الصحي'] },
  { id: 'food', en: ['food', 'hunger'], fr: ['alimentation', 'faim'], ar: ['الغذاء', 'الجوع'] },
  { id: 'amazigh', en: ['Amazigh', 'Berber'], fr: ['amazighe', 'amazigh', 'berbère'], ar: ['الأمازيغية', 'الأمازيغ'] },
  { id: 'minorities', en: ['minorities', 'minority'], fr: ['minorités', 'minorité'], ar: ['الأقليات'] },
  { id: 'sexual-orientation', en: ['sexual orientation', 'homosexuality', 'same-sex'], fr: ['orientation sexuelle', 'homosexualité', 'même sexe'], ar: ['الميول الجنسية', 'التوجه الجنسي', 'المثلية'] },
  { id: 'birth-registration', en: ['birth registration'], fr: ['enregistrement des naissances'], ar: ['تسجيل المواليد'] },
  { id: 'nationality', en: ['nationality', 'stateless'], fr: ['nationalité', 'apatrides'], ar: ['الجنسية', 'عديمي الجنسية'] },
  { id: 'family-code', en: ['family code'], fr: ['code de la famille'], ar: ['مدونة الأسرة'] },
  { id: 'penal-code', en: ['penal code', 'criminal code'], fr: ['code pénal'], ar: ['القانون الجنائي'] },
  { id: 'special-procedures', en: ['special procedures', 'special rapporteur'], fr: ['procédures spéciales', 'rapporteur spécial'], ar: ['الإجراءات الخاصة', 'المقرر الخاص'] },
  { id: 'human-rights-education', en: ['human rights education', 'training'], fr: ['éducation aux droits de l’homme', 'formation'], ar: ['التربية على حقوق الإنسان', 'التكوين', 'التدريب'] },
  { id: 'elections', en: ['elections'], fr: ['élections'], ar: ['الانتخابات'] },
  { id: 'older-persons', en: ['older persons', 'elderly'], fr: ['personnes âgées'], ar: ['كبار السن', 'المسنين'] },
  { id: 'youth', en: ['youth', 'young people'], fr: ['jeunes', 'jeunesse'], ar: ['الشباب'] },
  { id: 'development', en: ['development'], fr: ['développement'], ar: ['التنمية'] },
  { id: 'environment', en: ['environment', 'climate change'], fr: ['environnement', 'changements climatiques'], ar: ['البيئة', 'تغير المناخ'] },
] satisfies VocabularyConcept[]);

/** Words that carry no concept and are skipped when matching vocabulary terms. */
const STOP_WORDS = new Set(
  [
    'of', 'the', 'and', 'or', 'in', 'on', 'to', 'for', 'a', 'an', 'with', 'by', 'against',
    'de', 'des', 'du', 'd', 'l', 'la', 'le', 'les', 'et', 'ou', 'en', 'a', 'au', 'aux', 'pour', 'sur', 'par', 'avec', 'contre', 'dans', 'entre',
    'من', 'في', 'على', 'عن', 'الي', 'او', 'و', 'ضد', 'بين',
  ].map(normalizeForSearch),
);

/** Arabic clitic prefixes, longest first (after normalisation): conjunction + preposition + article. */
const ARABIC_PREFIXES = ['وبال', 'وال', 'بال', 'كال', 'فال', 'ولل', 'لل', 'ال'];
/** The prefixed forms under which an Arabic word is written in running text. */
const ARABIC_FORMS = ['', 'ال', 'وال', 'بال', 'لل', 'فال', 'كال', 'و', 'ب', 'ل'];
const ARABIC_LETTER = /[\u0621-\u064a]/;

const isArabic = (token: string) => ARABIC_LETTER.test(token);

/** An Arabic token without its conjunction, preposition and article (`والتعذيب` → `تعذيب`). */
export function arabicBase(token: string): string {
  for (const p of ARABIC_PREFIXES) if (token.startsWith(p) && token.length - p.length >= 2) return token.slice(p.length);
  return token;
}

/** The form on which query and vocabulary tokens are compared. */
function key(token: string): string {
  return isArabic(token) ? arabicBase(token) : token;
}

/** True when a query token is the vocabulary token (same stem for Latin words, same base for Arabic). */
function sameWord(queryToken: string, termToken: string): boolean {
  const q = key(queryToken);
  const t = key(termToken);
  if (q === t) return true;
  if (isArabic(q) !== isArabic(t) || Math.min(q.length, t.length) < 4) return false;
  if (isArabic(q) || Math.abs(q.length - t.length) > 2) return false;
  // An inflection: the longer word begins with the shorter one but its last letter (`femme(s)`, `réfugié(e)s`).
  const [short, long] = q.length <= t.length ? [q, t] : [t, q];
  return long.startsWith(short.slice(0, -1));
}

/** A vocabulary term's content words, normalised. */
function termWords(term: string): string[] {
  return (normalizeForSearch(term).match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? []).filter((w) => !STOP_WORDS.has(w));
}

/** The alternatives sent to the database for one word of a vocabulary term. */
function databaseForms(word: string): string[] {
  if (!isArabic(word)) return [word];
  const base = arabicBase(word);
  return [...new Set(ARABIC_FORMS.map((p) => p + base))];
}

interface CompiledTerm {
  lang: SearchLanguage;
  words: string[];
}

interface CompiledConcept {
  id: string;
  terms: CompiledTerm[];
}

/** Concepts from reference labels held in three languages (themes, affected persons, SDG goals). */
export function conceptsFromLabels(prefix: string, rows: ReadonlyArray<{ code: string; nameAr?: string | null; nameFr?: string | null; nameEn?: string | null }>): VocabularyConcept[] {
  return rows.map((r) => ({
    id: `${prefix}:${r.code}`,
    ar: r.nameAr ? [r.nameAr] : [],
    fr: r.nameFr ? [r.nameFr] : [],
    en: r.nameEn ? [r.nameEn] : [],
  }));
}

/** The maximum number of query words considered (as the API's free-text search). */
export const MAX_QUERY_TOKENS = 8;

export class SearchVocabulary {
  private readonly concepts: CompiledConcept[];

  constructor(concepts: readonly VocabularyConcept[] = CORE_CONCEPTS) {
    this.concepts = concepts
      .map((c) => ({
        id: c.id,
        terms: SEARCH_LANGUAGES.flatMap((lang) => c[lang].map((t) => ({ lang, words: termWords(t) }))).filter((t) => t.words.length > 0),
      }))
      .filter((c) => c.terms.length > 0);
  }

  /**
   * The query as groups. Every typed word belongs to exactly one group; words that form a vocabulary
   * term (the longest match wins, left to right) make one group whose alternatives are all the
   * concept's terms; other words are groups of their own, as plain free text.
   */
  expand(query: string): ExpandedQuery {
    const tokens = expandQueryTerms(query).slice(0, MAX_QUERY_TOKENS);
    const words = tokens.map((alternatives) => alternatives[0]!);
    const content = words.map((w, i) => ({ w, i })).filter(({ w }) => !STOP_WORDS.has(w));
    const groups: QueryGroup[] = [];
    const queryLanguages = new Set<SearchLanguage>();
    let at = 0; // index into `words`
    let c = 0; // index into `content`
    while (at < words.length) {
      while (c < content.length && content[c]!.i < at) c++;
      const match = c < content.length && content[c]!.i === at ? this.longestMatch(content.slice(c).map((x) => x.w)) : null;
      if (!match) {
        groups.push({ conceptId: null, terms: [{ lang: null, tokens: [tokens[at]!] }] });
        at++;
        continue;
      }
      const end = content[c + match.length - 1]!.i + 1;
      for (const lang of match.languages) queryLanguages.add(lang);
      const seen = new Set<string>();
      const alternatives: QueryTerm[] = [];
      for (const term of match.concept.terms) {
        const id = `${term.lang}:${term.words.join(' ')}`;
        if (seen.has(id)) continue;
        seen.add(id);
        alternatives.push({ lang: term.lang, tokens: term.words.map(databaseForms) });
      }
      groups.push({ conceptId: match.concept.id, terms: [{ lang: null, tokens: tokens.slice(at, end) }, ...alternatives] });
      at = end;
    }
    return { groups, expanded: groups.some((g) => g.terms.length > 1), queryLanguages: SEARCH_LANGUAGES.filter((l) => queryLanguages.has(l)) };
  }

  /**
   * The concepts whose longest term matching the start of `words` is the longest of all (several
   * concepts may tie: `migrants` is a core concept and an affected-person label), merged into one.
   */
  private longestMatch(words: string[]): { concept: CompiledConcept; length: number; languages: SearchLanguage[] } | null {
    let best: { concept: CompiledConcept; length: number; languages: SearchLanguage[] } | null = null;
    for (const concept of this.concepts) {
      let length = 0;
      const languages: SearchLanguage[] = [];
      for (const term of concept.terms) {
        if (term.words.length > words.length || term.words.length < length) continue;
        if (!term.words.every((w, k) => sameWord(words[k]!, w))) continue;
        if (term.words.length > length) languages.length = 0;
        length = term.words.length;
        if (!languages.includes(term.lang)) languages.push(term.lang);
      }
      if (length === 0 || (best && length < best.length)) continue;
      if (best && length === best.length) {
        best = {
          concept: { id: best.concept.id, terms: [...best.concept.terms, ...concept.terms] },
          length,
          languages: [...new Set([...best.languages, ...languages])],
        };
      } else best = { concept, length, languages };
    }
    return best;
  }
}
