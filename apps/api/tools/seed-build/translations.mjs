// Curated names and codes that the source files do not carry (English names, stable codes, the
// theme and affected-person taxonomies). Translations are the project's own (see SOURCES.md).

/** didh_responsible_entities.csv id → stable code, type and English name. */
export const INSTITUTIONS = {
  1: { code: 'HCP', type: 'public_agency', en: 'High Commission for Planning' },
  2: { code: 'INPPLC', type: 'independent_institution', en: 'National Authority for Probity, Prevention and Fight against Corruption' },
  3: { code: 'MAE', type: 'ministry', en: 'Ministry of Foreign Affairs' },
  4: { code: 'CNDH', type: 'independent_institution', en: 'National Human Rights Council' },
  5: { code: 'MCOM', type: 'ministry', en: 'Ministry of Communication' },
  6: { code: 'PMP', type: 'judiciary', en: 'Presidency of the Public Prosecution' },
  7: { code: 'CG', type: 'ministry', en: 'Office of the Head of Government' },
  8: { code: 'MCI', type: 'ministry', en: 'Ministry of Industry and Trade' },
  9: { code: 'CSPJ', type: 'judiciary', en: 'Supreme Council of the Judiciary' },
  10: { code: 'MCU', type: 'ministry', en: 'Ministry of Culture' },
  11: { code: 'ADN', type: 'ministry', en: 'National Defence Administration' },
  12: { code: 'MSDS', type: 'ministry', en: 'Ministry of Social Development and Solidarity' },
  13: { code: 'DGAPR', type: 'public_agency', en: 'General Delegation for Prison Administration and Reintegration' },
  14: { code: 'DGSN', type: 'public_agency', en: 'General Directorate for National Security' },
  15: { code: 'MDH', type: 'ministry', en: 'Human Rights (Ministry of State / Interministerial Delegation)' },
  16: { code: 'MEAU', type: 'ministry', en: 'Department of Water' },
  17: { code: 'MEF', type: 'ministry', en: 'Ministry of Economy and Finance' },
  18: { code: 'MEMP', type: 'ministry', en: 'Ministry of Employment' },
  19: { code: 'MEM', type: 'ministry', en: 'Ministry of Energy and Mines' },
  20: { code: 'MEQ', type: 'ministry', en: 'Ministry of Equipment' },
  21: { code: 'MFP', type: 'ministry', en: 'Department of Civil Service' },
  22: { code: 'GR', type: 'public_agency', en: 'Royal Gendarmerie' },
  23: { code: 'MHAB', type: 'ministry', en: 'Ministry of Housing' },
  24: { code: 'MHAI', type: 'ministry', en: 'Ministry of Endowments and Islamic Affairs' },
  25: { code: 'HACA', type: 'independent_institution', en: 'High Authority for Audiovisual Communication' },
  26: { code: 'MI', type: 'ministry', en: 'Ministry of the Interior' },
  27: { code: 'MJS', type: 'ministry', en: 'Ministry of Youth and Sports' },
  28: { code: 'MJ', type: 'ministry', en: 'Ministry of Justice' },
  29: { code: 'MRE', type: 'ministry', en: 'Ministry for Moroccans Living Abroad' },
  30: { code: 'MED', type: 'independent_institution', en: 'Ombudsman (Institution of the Mediator)' },
  31: { code: 'ONDE', type: 'other', en: 'National Observatory for the Rights of the Child' },
  32: { code: 'PARL', type: 'parliament', en: 'Parliament' },
  33: { code: 'MS', type: 'ministry', en: 'Ministry of Health' },
  34: { code: 'MT', type: 'ministry', en: 'Ministry of Tourism' },
  35: { code: 'MTR', type: 'ministry', en: 'Ministry of Transport' },
  36: { code: 'IRCAM', type: 'independent_institution', en: 'Royal Institute of Amazigh Culture' },
  38: { code: 'MRP', type: 'ministry', en: 'Ministry of Relations with Parliament' },
  39: { code: 'MAG', type: 'ministry', en: 'Ministry of Agriculture' },
  40: { code: 'MEN', type: 'ministry', en: 'Ministry of National Education' },
  41: { code: 'MFPRO', type: 'ministry', en: 'Department of Vocational Training' },
  42: { code: 'MESR', type: 'ministry', en: 'Ministry of Higher Education' },
  43: { code: 'ANLCA', type: 'public_agency', en: 'National Agency for the Fight against Illiteracy' },
  44: { code: 'CSEFRS', type: 'independent_institution', en: 'Higher Council for Education, Training and Scientific Research' },
  45: { code: 'CESE', type: 'independent_institution', en: 'Economic, Social and Environmental Council' },
  46: { code: 'MENV', type: 'ministry', en: 'Department of the Environment' },
  47: { code: 'MPM', type: 'ministry', en: 'Department of Maritime Fisheries' },
  48: { code: 'CCME', type: 'independent_institution', en: 'Council of the Moroccan Community Abroad' },
  49: { code: 'ONG', type: 'other', en: 'Non-governmental organizations' },
  50: { code: 'PP', type: 'other', en: 'Political parties' },
  51: { code: 'MAGG', type: 'ministry', en: 'Ministry of General Affairs and Governance' },
  52: { code: 'RMO', type: 'public_agency', en: 'Mohammedia League of Ulema' },
  53: { code: 'EF', type: 'public_agency', en: 'Water and Forests' },
};

/** didh_axes.csv id → English (long name and short name). */
export const AXES_EN = {
  1: ['Promotion of democratic development and the rule of law', 'Democratic development and the rule of law'],
  2: ['Interaction with the United Nations human rights system', 'Interaction with the UN human rights system'],
  3: ['Promotion and protection of human rights through legislation and harmonization with international standards', 'Legal harmonization'],
  4: ['Promotion of economic, social, cultural and environmental rights', 'Economic, social, cultural and environmental rights'],
  5: ['Protection and promotion of civil and political rights', 'Civil and political rights'],
  6: ['Promotion and protection of the rights of specific groups', 'Rights of specific groups'],
  7: ['Promotion of a human rights culture through education and training', 'Human rights education and culture'],
  8: ['Strengthening the institutional framework for the protection and promotion of human rights', 'Institutional framework for human rights'],
  9: ['General recommendations', 'General recommendations'],
};

/** didh_sub_axes.csv id → English. */
export const SUB_AXES_EN = {
  1: 'Strengthening the rule of law and the separation of powers',
  2: 'Reform of the justice system',
  3: 'Implementation of the constitutional provisions on human rights',
  4: 'Implementation of the national action plan on democracy and human rights',
  5: 'Ratification of and accession to international human rights instruments',
  6: 'Interaction with the special procedures of the Human Rights Council',
  7: 'Cooperation with the United Nations human rights mechanisms',
  8: 'Follow-up to the outcomes of international conferences and declarations',
  9: 'Legislation',
  10: 'Harmonization',
  11: 'Combating poverty and vulnerability',
  12: 'Cultural rights',
  13: 'Right to health',
  14: 'Right to education',
  15: 'Right to work',
  16: 'Right to development',
  17: 'Right to water and access to water',
  18: 'Right to adequate housing',
  19: 'Right to a healthy environment and sustainable development',
  20: 'Protection of the right to life, eradication of all forms of torture and ill-treatment, and combating impunity',
  21: 'Improving the situation of prisoners',
  22: 'Reparation for victims of gross human rights violations',
  23: 'Promoting participation in public and political life',
  24: 'Protection of freedom of opinion and expression',
  25: 'Guaranteeing freedom of assembly and association',
  26: 'Promoting the right to information and the right to privacy',
  27: 'Guaranteeing freedom of conscience and belief',
  28: 'Human rights safeguards in countering terrorism',
  29: 'Right to identity and birth registration',
  30: 'Promotion and protection of the rights of women',
  32: 'Promotion and protection of the rights of the child',
  33: 'Promotion and protection of the rights of persons with disabilities',
  34: 'Promotion and protection of the human rights of migrants',
  35: 'Combating trafficking in persons',
  36: 'Human rights education and training',
  37: 'Dissemination of a human rights culture',
};

/**
 * didh_special_procedure_mandates_fr_ar.csv id → code and names. French and Arabic follow the
 * file's `mandate_fr` / `mandate_ar` (gender-neutral title, obvious typos fixed); the column
 * `short_ar_UNRELIABLE` is not used. English: the mandate's OHCHR title.
 */
export const SPECIAL_PROCEDURES = {
  1: { code: 'SP-FOOD', en: 'Special Rapporteur on the right to food', fr: 'Rapporteur spécial sur le droit à l’alimentation' },
  2: {
    code: 'SP-RACISM',
    en: 'Special Rapporteur on contemporary forms of racism, racial discrimination, xenophobia and related intolerance',
    fr: 'Rapporteur spécial sur les formes contemporaines de racisme, de discrimination raciale, de xénophobie et de l’intolérance qui y est associée',
  },
  3: {
    code: 'SP-TORTURE',
    en: 'Special Rapporteur on torture and other cruel, inhuman or degrading treatment or punishment',
    fr: 'Rapporteur spécial sur la torture et autres peines ou traitements cruels, inhumains ou dégradants',
  },
  4: {
    code: 'SP-TRAFFICKING',
    en: 'Special Rapporteur on trafficking in persons, especially women and children',
    fr: 'Rapporteur spécial sur la traite des êtres humains, en particulier les femmes et les enfants',
  },
  5: {
    code: 'SP-WG-WOMEN',
    en: 'Working Group on the issue of discrimination against women in law and in practice',
    fr: 'Groupe de travail chargé de la question de la discrimination à l’égard des femmes, dans la législation et dans la pratique',
    ar: 'الفريق العامل المعني بمسألة التمييز ضد المرأة في القانون والممارسة',
  },
  6: { code: 'SP-WGAD', en: 'Working Group on Arbitrary Detention', fr: 'Groupe de travail sur la détention arbitraire' },
  7: { code: 'SP-CULTURE', en: 'Special Rapporteur in the field of cultural rights', fr: 'Rapporteur spécial dans le domaine des droits culturels' },
  8: {
    code: 'SP-SOLIDARITY',
    en: 'Independent Expert on human rights and international solidarity',
    fr: 'Expert indépendant sur les droits de l’homme et la solidarité internationale',
  },
  9: {
    code: 'SP-WGEID',
    en: 'Working Group on Enforced or Involuntary Disappearances',
    fr: 'Groupe de travail sur les disparitions forcées ou involontaires',
    ar: 'الفريق العامل المعني بحالات الاختفاء القسري أو غير الطوعي',
  },
  10: { code: 'SP-EDUCATION', en: 'Special Rapporteur on the right to education', fr: 'Rapporteur spécial sur le droit à l’éducation' },
  11: { code: 'SP-MIGRANTS', en: 'Special Rapporteur on the human rights of migrants', fr: 'Rapporteur spécial sur les droits de l’homme des migrants' },
  12: {
    code: 'SP-CHILDREN',
    en: 'Special Rapporteur on the sale of children, child prostitution and child pornography',
    fr: 'Rapporteur spécial sur la vente d’enfants, la prostitution des enfants et la pornographie mettant en scène des enfants',
  },
};

/** English label of the UPR Info issue (source) → [English name, French, Arabic]. */
export const THEMES = {
  'International instruments': ['International instruments', 'Instruments internationaux', 'الصكوك الدولية'],
  "Women's rights": ["Women's rights", 'Droits des femmes', 'حقوق المرأة'],
  'Rights of the Child': ['Rights of the child', 'Droits de l’enfant', 'حقوق الطفل'],
  Justice: ['Justice', 'Justice', 'العدالة'],
  'Torture and other CID treatment': [
    'Torture and other cruel, inhuman or degrading treatment',
    'Torture et autres traitements cruels, inhumains ou dégradants',
    'التعذيب وغيره من ضروب المعاملة القاسية أو اللاإنسانية أو المهينة',
  ],
  Detention: ['Detention', 'Détention', 'الاحتجاز'],
  'Right to education': ['Right to education', 'Droit à l’éducation', 'الحق في التعليم'],
  Minorities: ['Minorities', 'Minorités', 'الأقليات'],
  Labour: ['Labour', 'Travail', 'العمل'],
  Migrants: ['Migrants', 'Migrants', 'المهاجرون'],
  'Death penalty': ['Death penalty', 'Peine de mort', 'عقوبة الإعدام'],
  'Human rights education and training': [
    'Human rights education and training',
    'Éducation et formation aux droits de l’homme',
    'التربية والتدريب في مجال حقوق الإنسان',
  ],
  'Racial discrimination': ['Racial discrimination', 'Discrimination raciale', 'التمييز العنصري'],
  'Special procedures': ['Special procedures', 'Procédures spéciales', 'الإجراءات الخاصة'],
  NHRI: ['National human rights institution', 'Institution nationale des droits de l’homme', 'المؤسسة الوطنية لحقوق الإنسان'],
  Trafficking: ['Trafficking in persons', 'Traite des personnes', 'الاتجار بالأشخاص'],
  Disabilities: ['Persons with disabilities', 'Personnes handicapées', 'الأشخاص ذوو الإعاقة'],
  'ESC rights - general': [
    'Economic, social and cultural rights – general',
    'Droits économiques, sociaux et culturels – général',
    'الحقوق الاقتصادية والاجتماعية والثقافية – عام',
  ],
  'Right to health': ['Right to health', 'Droit à la santé', 'الحق في الصحة'],
  'Freedom of opinion and expression': ['Freedom of opinion and expression', 'Liberté d’opinion et d’expression', 'حرية الرأي والتعبير'],
  'Treaty bodies': ['Treaty bodies', 'Organes conventionnels', 'هيئات المعاهدات'],
  'Technical assistance and cooperation': [
    'Technical assistance and cooperation',
    'Assistance technique et coopération',
    'المساعدة التقنية والتعاون',
  ],
  'Freedom of the press': ['Freedom of the press', 'Liberté de la presse', 'حرية الصحافة'],
  Other: ['Other', 'Autre', 'أخرى'],
  'Freedom of religion and belief': ['Freedom of religion and belief', 'Liberté de religion et de conviction', 'حرية الدين والمعتقد'],
  'Sexual Orientation and Gender Identity': [
    'Sexual orientation and gender identity',
    'Orientation sexuelle et identité de genre',
    'التوجه الجنسي والهوية الجنسانية',
  ],
  Poverty: ['Poverty', 'Pauvreté', 'الفقر'],
  Development: ['Development', 'Développement', 'التنمية'],
  'Enforced disappearances': ['Enforced disappearances', 'Disparitions forcées', 'حالات الاختفاء القسري'],
  'Civil society': ['Civil society', 'Société civile', 'المجتمع المدني'],
  'Indigenous peoples': ['Indigenous peoples', 'Peuples autochtones', 'الشعوب الأصلية'],
  'Freedom of association and peaceful assembly': [
    'Freedom of association and peaceful assembly',
    'Liberté d’association et de réunion pacifique',
    'حرية تكوين الجمعيات والتجمع السلمي',
  ],
  'CP rights - general': [
    'Civil and political rights – general',
    'Droits civils et politiques – général',
    'الحقوق المدنية والسياسية – عام',
  ],
  'Asylum-seekers - refugees': ['Asylum-seekers and refugees', 'Demandeurs d’asile et réfugiés', 'ملتمسو اللجوء واللاجئون'],
  General: ['General', 'Général', 'عام'],
  'National plan of action': ['National plan of action', 'Plan d’action national', 'خطة العمل الوطنية'],
  'Human rights defenders': ['Human rights defenders', 'Défenseurs des droits de l’homme', 'المدافعون عن حقوق الإنسان'],
  'Human rights violations by state agents': [
    'Human rights violations by State agents',
    'Violations des droits de l’homme par des agents de l’État',
    'انتهاكات حقوق الإنسان من قبل موظفي الدولة',
  ],
  'UPR process': ['Universal periodic review process', 'Processus de l’examen périodique universel', 'عملية الاستعراض الدوري الشامل'],
  'International humanitarian law': ['International humanitarian law', 'Droit international humanitaire', 'القانون الدولي الإنساني'],
  Impunity: ['Impunity', 'Impunité', 'الإفلات من العقاب'],
  'Public security': ['Public security', 'Sécurité publique', 'الأمن العام'],
  'Right to food': ['Right to food', 'Droit à l’alimentation', 'الحق في الغذاء'],
  Elections: ['Elections', 'Élections', 'الانتخابات'],
  'HIV - Aids': ['HIV/AIDS', 'VIH/sida', 'فيروس نقص المناعة البشرية/الإيدز'],
  'Extrajudicial executions': ['Extrajudicial executions', 'Exécutions extrajudiciaires', 'حالات الإعدام خارج نطاق القضاء'],
  'Right to housing': ['Right to housing', 'Droit au logement', 'الحق في السكن'],
  Corruption: ['Corruption', 'Corruption', 'الفساد'],
  'Internally displaced persons': ['Internally displaced persons', 'Personnes déplacées à l’intérieur de leur propre pays', 'المشردون داخلياً'],
  'Right to land': ['Right to land', 'Droit à la terre', 'الحق في الأرض'],
  Environment: ['Environment', 'Environnement', 'البيئة'],
  'Right to water': ['Right to water', 'Droit à l’eau', 'الحق في الماء'],
  'Counter-terrorism': ['Counter-terrorism', 'Lutte contre le terrorisme', 'مكافحة الإرهاب'],
  'Freedom of movement': ['Freedom of movement', 'Liberté de circulation', 'حرية التنقل'],
};

/**
 * Affected-person groups (OHCHR Universal Human Rights Index vocabulary). `ohchrLabels` are the
 * labels as printed in the OHCHR UPR matrices (reference/ohchr_uhri_labels_observed_in_upr_matrices.csv)
 * so that importers can match them.
 */
export const AFFECTED_PERSONS = [
  ['women', 'Women', 'Femmes', 'النساء', ['women', 'girls']],
  ['children', 'Children', 'Enfants', 'الأطفال', ['children', 'Children in vulnerable situations (abused, living on the street, institutionalized, indigenous, migrant children etc.)']],
  ['persons-with-disabilities', 'Persons with disabilities', 'Personnes handicapées', 'الأشخاص ذوو الإعاقة', ['persons with disabilities']],
  ['migrants', 'Migrants', 'Migrants', 'المهاجرون', ['migrants', 'Migrants & domestic workers', 'non-citizens']],
  ['refugees-asylum-seekers', 'Refugees and asylum-seekers', 'Réfugiés et demandeurs d’asile', 'اللاجئون وملتمسو اللجوء', ['refugees & asylum seekers']],
  ['stateless-persons', 'Stateless persons', 'Personnes apatrides', 'الأشخاص عديمو الجنسية', ['stateless persons']],
  ['internally-displaced-persons', 'Internally displaced persons', 'Personnes déplacées à l’intérieur de leur propre pays', 'المشردون داخلياً', ['Internally displaced persons']],
  ['indigenous-peoples', 'Indigenous peoples', 'Peuples autochtones', 'الشعوب الأصلية', ['Indigenous peoples']],
  ['minorities', 'Minorities', 'Minorités', 'الأقليات', ['minorities/ racial, ethnic, linguistic, religious or descent-based groups']],
  ['persons-deprived-of-liberty', 'Persons deprived of their liberty', 'Personnes privées de liberté', 'الأشخاص المحرومون من حريتهم', ['Persons deprived of their liberty & detainees']],
  ['human-rights-defenders', 'Human rights defenders', 'Défenseurs des droits de l’homme', 'المدافعون عن حقوق الإنسان', ['human rights defenders', 'Civil society']],
  ['lgbti-persons', 'Lesbian, gay, bisexual, transgender and intersex persons', 'Personnes lesbiennes, gays, bisexuelles, transgenres et intersexes', 'المثليات والمثليون ومزدوجو الميل الجنسي ومغايرو الهوية الجنسانية وحاملو صفات الجنسين', ['lesbian, gay, bisexual, transgender and intersex persons (LGBTI)', 'lesbian, gay, bisexual and transgender and intersex persons (LGBTI)']],
  ['older-persons', 'Older persons', 'Personnes âgées', 'كبار السن', ['older persons']],
  ['youth', 'Youth', 'Jeunes', 'الشباب', ['youth']],
  ['journalists-media-workers', 'Journalists and media workers', 'Journalistes et professionnels des médias', 'الصحفيون والعاملون في وسائط الإعلام', ['media']],
  ['persons-living-in-poverty', 'Persons living in poverty', 'Personnes vivant dans la pauvreté', 'الأشخاص الذين يعيشون في فقر', ['persons living in poverty']],
  ['rural-women', 'Rural women', 'Femmes rurales', 'المرأة الريفية', ['persons living in rural areas']],
  ['disappeared-persons', 'Disappeared persons and their families', 'Personnes disparues et leurs familles', 'الأشخاص المختفون وأسرهم', ['disappeared persons']],
];

/** UPR Info issue label → affected-person codes (a derived, documented mapping). */
export const ISSUE_TO_AFFECTED = {
  "Women's rights": ['women'],
  'Rights of the Child': ['children'],
  Disabilities: ['persons-with-disabilities'],
  Migrants: ['migrants'],
  'Asylum-seekers - refugees': ['refugees-asylum-seekers'],
  'Indigenous peoples': ['indigenous-peoples'],
  Minorities: ['minorities'],
  Detention: ['persons-deprived-of-liberty'],
  'Human rights defenders': ['human-rights-defenders'],
  'Sexual Orientation and Gender Identity': ['lgbti-persons'],
  'Freedom of the press': ['journalists-media-workers'],
  Poverty: ['persons-living-in-poverty'],
  'Enforced disappearances': ['disappeared-persons'],
  'Internally displaced persons': ['internally-displaced-persons'],
};

/** DIDH sub-axis id → affected-person codes (derived). */
export const SUB_AXIS_TO_AFFECTED = {
  21: ['persons-deprived-of-liberty'],
  30: ['women'],
  32: ['children'],
  33: ['persons-with-disabilities'],
  34: ['migrants'],
};

/** UPR Info / report English state names that the ISO file does not spell the same way. */
export const COUNTRY_ALIASES_EN = {
  syria: 'SY',
  'united kingdom': 'GB',
  'united states': 'US',
  'republic of congo': 'CG',
  congo: 'CG',
  moldova: 'MD',
  venezuela: 'VE',
  palestine: 'PS',
  swaziland: 'SZ',
  'holy see': 'VA',
  "cote d'ivoire": 'CI',
  turkey: 'TR',
};

/**
 * Slips of the DIDH source files, corrected where the seed reads them (`fixed()` in build-seed.mjs):
 * source text → corrected text, for names (French capitals without their accent, capitals inside a
 * name, a misspelt acronym, a stray letter) and the few recommendation texts with a repeated word or a
 * space before a comma. A source string not found any more fails the build, so a corrected source
 * is noticed. Texts of the UN reports are kept exactly as published (a re-import must find them
 * unchanged). An institution name corrected by more than case and accents keeps its source label
 * as an alias for the importer (INSTITUTION_ALIASES in apps/api/src/modules/imports/label-index.ts),
 * so that a DIDH sheet still finds it.
 */
export const SOURCE_CORRECTIONS = {
  // didh_responsible_entities.csv (label_fr, label_ar)
  'Affaires Etrangères': 'Affaires étrangères',
  'Présidence du Ministère Public': 'Présidence du ministère public',
  'Conseil Supérieur de l’Autorité Judiciaire': 'Conseil supérieur du pouvoir judiciaire',
  'Défense Nationale': 'Défense nationale',
  'Développement Social et Solidarité': 'Développement social et Solidarité',
  'Economie et Finances': 'Économie et Finances',
  'Energie et Mines': 'Énergie et Mines',
  Equipement: 'Équipement',
  'Fonction Publique': 'Fonction publique',
  'Gendarmerie Royale': 'Gendarmerie royale',
  'Habous et des Affaires Islamiques': 'Habous et Affaires islamiques',
  'Marocains Résidant à l’Etranger': 'Marocains résidant à l’étranger',
  'Observatoire National des Droits de l’Enfant': 'Observatoire national des droits de l’enfant',
  'Relations avec parlement': 'Relations avec le Parlement',
  'Education nationale': 'Éducation nationale',
  ANELCA: 'ANLCA',
  'Conseil Supérieur de l’Education, de la Formation et de la Recherche Scientifique': 'Conseil supérieur de l’éducation, de la formation et de la recherche scientifique',
  'Conseil Economique Social et Environnemental': 'Conseil économique, social et environnemental',
  ONGs: 'ONG',
  'Partis Politiques': 'Partis politiques',
  'Eaux et Forets': 'Eaux et Forêts',
  'الهيئة الوطنية للنزاهة و الوقاية من الرشوة و محاربتها': 'الهيئة الوطنية للنزاهة والوقاية من الرشوة ومحاربتها',
  // didh_axes.csv, didh_sub_axes.csv (label_fr, short_fr, label_ar)
  'Développement démocratique et primauté du Droit': 'Développement démocratique et primauté du droit',
  'Harmonisation Juridique': 'Harmonisation juridique',
  'Droits civils et Politiques': 'Droits civils et politiques',
  'Droits Catégoriels': 'Droits catégoriels',
  'Education et culture des DH': 'Éducation et culture des DH',
  "Le renforcement de l'Etat de droit et la séparation des pouvoirs": 'Le renforcement de l’État de droit et la séparation des pouvoirs',
  'Le Droit à l’environnement et au développement durable': 'Le droit à l’environnement et au développement durable',
  'Droit à l’identité et d’enregistrement des naissances': 'Droit à l’identité et à l’enregistrement des naissances',
  'Education et formation aux droits de l’Homme': 'Éducation et formation aux droits de l’Homme',
  'الحق في والتعليم': 'الحق في التعليم',
  // didh_upr_cycle3_recommendations_fr_ar.csv (text_fr)
  'Mener à bien la réforme de la de la justice': 'Mener à bien la réforme de la justice',
  'l’accès à l’emploi , en particulier': 'l’accès à l’emploi, en particulier',
};
