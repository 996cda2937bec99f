/** A state's UN names (country reference data). */
export interface StateNames {
  nameAr?: string | null;
  nameFr?: string | null;
  nameEn?: string | null;
}

const AR_ORDINALS = ['الأولى', 'الثانية', 'الثالثة', 'الرابعة', 'الخامسة', 'السادسة', 'السابعة', 'الثامنة', 'التاسعة'];

/** "for <state>" in Arabic: the preposition لـ fuses with the article (المغرب → للمغرب). */
const forStateAr = (name: string) => (name.startsWith('ال') ? `لل${name.slice(2)}` : `ل${name}`);

/**
 * The three titles of a state's UPR cycle the importer creates, e.g. "Universal Periodic Review of
 * Morocco – cycle 3", "Examen périodique universel : Maroc – 3e cycle", "الاستعراض الدوري الشامل
 * للمغرب – الجولة الثالثة". A missing name falls back to another language's.
 */
export function uprReviewTitles(state: StateNames, cycle: number): { titleAr: string; titleFr: string; titleEn: string } {
  const en = state.nameEn || state.nameFr || state.nameAr || '';
  const fr = state.nameFr || en;
  const ar = state.nameAr || en;
  const ordinalAr = AR_ORDINALS[cycle - 1];
  return {
    titleEn: `Universal Periodic Review of ${en} – cycle ${cycle}`,
    titleFr: `Examen périodique universel : ${fr} – ${cycle === 1 ? '1er' : `${cycle}e`} cycle`,
    titleAr: `الاستعراض الدوري الشامل ${forStateAr(ar)} – ${ordinalAr ? `الجولة ${ordinalAr}` : `الجولة ${cycle}`}`,
  };
}
