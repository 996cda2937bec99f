import { strFromU8, unzipSync } from 'fflate';
import { toTranslateMarker, type ReportBlock, type ReportDocumentModel } from '@sidh/domain';
import { renderReportDocx, toTranslateMarkerLength } from './report-docx.js';

/* Reading the produced file back: its parts, and the paragraphs, runs and rows of their XML. */

async function open(model: ReportDocumentModel): Promise<Record<string, string>> {
  const files = unzipSync(await renderReportDocx(model));
  return Object.fromEntries(Object.entries(files).map(([path, data]) => [path, strFromU8(data)]));
}

const elements = (xml: string, tag: string): string[] => xml.match(new RegExp(`<${tag}(?:\\s[^>]*)?>[\\s\\S]*?</${tag}>`, 'g')) ?? [];
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
/** A paragraph's text, or a cell's (its paragraphs one per line). */
const textOf = (xml: string): string =>
  elements(xml, 'w:p')
    .map((p) => elements(p, 'w:t').map((t) => unescape(t.replace(/^<w:t[^>]*>|<\/w:t>$/g, ''))).join(''))
    .join('\n');
const styleOf = (p: string) => /<w:pStyle w:val="([^"]+)"\/>/.exec(p)?.[1] ?? null;
const numIdOf = (p: string) => /<w:numId w:val="(\d+)"\/>/.exec(p)?.[1] ?? null;
const body = (document: string) => document.slice(document.indexOf('<w:body>'), document.indexOf('</w:body>'));
/** The body's paragraphs outside the table (the table's own come after them all). */
const bodyParagraphs = (document: string) => elements(body(document).split('<w:tbl>')[0]!, 'w:p');

/** The `w:num` ids whose abstract definition's first level has this format and text. */
function numIds(numbering: string, format: string, text: string): string[] {
  const abstracts = elements(numbering, 'w:abstractNum')
    .filter((a) => a.includes(`<w:numFmt w:val="${format}"/>`) && a.includes(`<w:lvlText w:val="${text}"/>`))
    .map((a) => /w:abstractNumId="(\d+)"/.exec(a)![1]);
  return elements(numbering, 'w:num')
    .filter((n) => abstracts.includes(/<w:abstractNumId w:val="(\d+)"\/>/.exec(n)![1]))
    .map((n) => /w:numId="(\d+)"/.exec(n)![1]!);
}

/* The models. */

const p = (text: string): ReportBlock => ({ kind: 'paragraph', runs: [{ text }] });

function frenchUpr(): ReportDocumentModel {
  return {
    language: 'fr',
    type: 'upr_mid_term',
    title: 'Rapport à mi-parcours du Royaume du Maroc',
    subtitleLines: ['Examen périodique universel, quatrième cycle', 'A/HRC/52/7'],
    sections: [
      {
        heading: 'I. Méthodologie',
        citations: ['A/HRC/52/7, para. 144.44', 'A/HRC/52/7, para. 144.45'],
        blocks: [
          { kind: 'paragraph', runs: [{ text: 'Le présent rapport a été ' }, { text: 'élaboré', bold: true }, { text: ' en concertation', italic: true }, { text: '.' }] },
          { kind: 'bullet', runs: [{ text: 'les départements ministériels ;' }] },
          { kind: 'bullet', runs: [{ text: 'les institutions nationales.' }] },
          p('Deuxième paragraphe <script>alert(1)</script> & "fin".'),
        ],
      },
      {
        heading: 'II. Suivi des recommandations',
        citations: ['CAT/C/MAR/CO/4, para. 12'],
        blocks: [
          { kind: 'heading', level: 1, runs: [{ text: 'A. Justice' }] },
          p('Troisième paragraphe.'),
          { kind: 'numbered', runs: [{ text: 'premier point' }] },
          { kind: 'numbered', runs: [{ text: 'deuxième point' }] },
          { kind: 'quote', runs: [{ text: 'Le Comité recommande à l’État partie de…' }] },
          p('Quatrième paragraphe.'),
          { kind: 'numbered', runs: [{ text: 'autre liste' }] },
          { kind: 'quote', runs: [{ text: toTranslateMarker('fr', 'en') }] },
          { kind: 'quote', runs: [{ text: 'Ensure access to ' }, { text: 'justice', italic: true }, { text: ' for all.' }] },
          { kind: 'quote', runs: [{ text: toTranslateMarker('fr', 'ar') }] },
          p('Mesures prises en arabe, laissées en paragraphe numéroté.'),
          { kind: 'quote', runs: [{ text: 'Une citation ordinaire.' }] },
        ],
      },
      { heading: 'III. Conclusion', citations: [], blocks: [p('Cinquième paragraphe.')] },
    ],
    annex: {
      heading: 'Annexe : matrice des recommandations',
      columns: { citation: 'Cote', text: 'Recommandation', response: 'Position', status: 'État', measures: 'Mesures prises', institutions: 'Institutions' },
      rows: [
        { citation: 'A/HRC/52/7, para. 144.44', text: 'Ratifier le protocole facultatif.', response: 'Acceptée', status: 'En cours', measures: 'Projet de loi adopté.\nDécret publié.', institutions: 'Justice' },
        { citation: 'A/HRC/52/7, para. 144.47', text: `${toTranslateMarker('fr', 'en')} Ratify the Optional Protocol.`, response: 'Acceptée', status: 'En cours', measures: '', institutions: 'Justice' },
        { citation: 'A/HRC/52/7, para. 144.45', text: 'Renforcer <b>l’accès</b> & la "justice".', response: 'Notée', status: 'Non commencée', measures: '', institutions: 'Intérieur; Justice' },
        { citation: 'CAT/C/MAR/CO/4, para. 12', text: '=HYPERLINK("http://x","y")', response: null, status: 'Mise en œuvre', measures: 'Formation.', institutions: 'DGSN' },
      ],
    },
    labels: { page: 'Page', toTranslate: 'À traduire' },
  };
}

function arabicTreatyBody(): ReportDocumentModel {
  return {
    language: 'ar',
    type: 'follow_up',
    title: 'تقرير المتابعة المقدم من المغرب',
    subtitleLines: ['لجنة مناهضة التعذيب', 'CAT/C/MAR/CO/5'],
    sections: [
      {
        heading: 'أولا - مقدمة',
        citations: ['CAT/C/MAR/CO/5، الفقرة 12', 'CAT/C/MAR/CO/5، الفقرة 14'],
        blocks: [
          { kind: 'paragraph', runs: [{ text: 'يقدم المغرب هذا ' }, { text: 'التقرير', bold: true }, { text: ' وفقا للفقرة 52.' }] },
          { kind: 'bullet', runs: [{ text: 'وزارة العدل' }] },
          { kind: 'quote', runs: [{ text: 'توصي اللجنة الدولة الطرف بما يلي…' }] },
        ],
      },
      {
        heading: 'ثانيا - المعلومات المتعلقة بالفقرة 12',
        citations: ['CAT/C/MAR/CO/5، الفقرة 12'],
        blocks: [
          p('اعتمد البرلمان القانون رقم 10.23 في 2024.'),
          { kind: 'numbered', runs: [{ text: 'التدريب' }] },
          { kind: 'quote', runs: [{ text: toTranslateMarker('ar', 'fr') }] },
          { kind: 'quote', runs: [{ text: 'Veiller à ce que toute personne détenue…' }] },
        ],
      },
    ],
    annex: {
      heading: 'المرفق: مصفوفة التوصيات',
      columns: { citation: 'المرجع', text: 'التوصية', response: null, status: 'الحالة', measures: 'التدابير المتخذة', institutions: 'المؤسسات' },
      rows: [
        { citation: 'CAT/C/MAR/CO/5، الفقرة 12', text: 'ضمان الضمانات القانونية الأساسية', response: null, status: 'قيد التنفيذ', measures: 'القانون رقم 10.23', institutions: 'وزارة العدل' },
        { citation: 'CAT/C/MAR/CO/5، الفقرة 14', text: 'التحقيق في جميع الادعاءات', response: null, status: 'منفذة', measures: 'دورية النيابة العامة 2024\nتكوين 300 قاض', institutions: 'رئاسة النيابة العامة' },
      ],
    },
    labels: { page: 'الصفحة', toTranslate: 'للترجمة' },
  };
}

describe('renderReportDocx', () => {
  it('writes the title page, then each section under its heading in order, its citations on the line below', async () => {
    const model = frenchUpr();
    const doc = (await open(model))['word/document.xml']!;
    const paragraphs = bodyParagraphs(doc);
    expect(textOf(paragraphs[0]!)).toBe(model.title);
    expect(styleOf(paragraphs[0]!)).toBe('Title');
    expect(paragraphs.slice(1, 3).map(textOf)).toEqual(model.subtitleLines);
    // The title page is a section of its own (no footer), ended in its last paragraph.
    expect(paragraphs[2]).toContain('<w:sectPr>');
    expect(paragraphs[2]).not.toContain('<w:footerReference');

    const headings = paragraphs.filter((x) => styleOf(x) === 'Heading1');
    expect(headings.map(textOf)).toEqual([...model.sections.map((s) => s.heading), model.annex!.heading]);
    for (const section of model.sections) {
      const at = paragraphs.findIndex((x) => styleOf(x) === 'Heading1' && textOf(x) === section.heading);
      const next = paragraphs[at + 1]!;
      if (section.citations.length === 0) expect(styleOf(next)).not.toBe('ReportCitations');
      else {
        expect(styleOf(next)).toBe('ReportCitations');
        expect(textOf(next)).toBe(section.citations.join('; '));
      }
    }
    for (const citation of model.sections.flatMap((s) => s.citations)) expect(unescape(doc)).toContain(citation);
    expect(textOf(paragraphs.find((x) => styleOf(x) === 'Heading2')!)).toBe('A. Justice');
  });

  it('numbers the body paragraphs, and only them, with one decimal list across the whole body', async () => {
    const model = frenchUpr();
    const { 'word/document.xml': doc, 'word/numbering.xml': numbering } = await open(model);
    const [paragraphList, ...others] = numIds(numbering!, 'decimal', '%1.');
    expect(others).toEqual([]);
    expect(paragraphList).toBeDefined();

    const numbered = bodyParagraphs(doc!).filter((x) => numIdOf(x) === paragraphList);
    const expected = model.sections.flatMap((s) => s.blocks.filter((b) => b.kind === 'paragraph').map((b) => b.runs.map((r) => r.text).join('')));
    expect(numbered.map(textOf)).toEqual(expected);
    expect(numbered.every((x) => styleOf(x) === null)).toBe(true);
    // One list (no other `w:num` of the definition, so never restarted), from 1.
    expect(numbering).toMatch(new RegExp(`<w:num w:numId="${paragraphList}">(?:(?!</w:num>).)*<w:startOverride w:val="1"/>`));

    const bullets = numIds(numbering!, 'bullet', '•');
    const bulletParagraphs = bodyParagraphs(doc!).filter((x) => bullets.includes(numIdOf(x) ?? ''));
    expect(bulletParagraphs.map(textOf)).toEqual(['les départements ministériels ;', 'les institutions nationales.']);

    // Each run of `1.` items is its own (a), (b) … list.
    const itemLists = numIds(numbering!, 'lowerLetter', '(%1)');
    const items = bodyParagraphs(doc!).filter((x) => itemLists.includes(numIdOf(x) ?? ''));
    expect(items.map(textOf)).toEqual(['premier point', 'deuxième point', 'autre liste']);
    expect(numIdOf(items[0]!)).toBe(numIdOf(items[1]!));
    expect(numIdOf(items[2]!)).not.toBe(numIdOf(items[0]!));

    for (const x of bodyParagraphs(doc!).filter((x) => ['Title', 'Heading1', 'Heading2', 'ReportCitations', 'ReportQuote', 'ReportToTranslate'].includes(styleOf(x) ?? ''))) {
      expect(numIdOf(x)).toBeNull();
    }
  });

  it('writes bold and italic runs, indents quotes and marks the ones to translate', async () => {
    const { 'word/document.xml': doc, 'word/styles.xml': styles } = await open(frenchUpr());
    const runs = elements(doc!, 'w:r');
    const run = (text: string) => runs.find((r) => r.includes(`>${text}</w:t>`))!;
    expect(run('élaboré')).toMatch(/<w:b\/><w:bCs\/>/);
    expect(run('élaboré')).not.toContain('<w:i/>');
    expect(run(' en concertation')).toMatch(/<w:i\/><w:iCs\/>/);
    expect(run('Le présent rapport a été ')).not.toMatch(/<w:[bi]\/>/);

    const paragraphs = bodyParagraphs(doc!);
    expect(paragraphs.filter((x) => styleOf(x) === 'ReportQuote').map(textOf)).toEqual(['Le Comité recommande à l’État partie de…', 'Une citation ordinaire.']);
    // The markers, and the quote right after one (the text in another language), are marked; the marker's runs highlighted.
    const toTranslate = paragraphs.filter((x) => styleOf(x) === 'ReportToTranslate');
    expect(toTranslate.map(textOf)).toEqual(['[À traduire — texte en anglais]', 'Ensure access to justice for all.', '[À traduire — texte en arabe]']);
    for (const marker of [toTranslate[0]!, toTranslate[2]!]) for (const r of elements(marker, 'w:r')) expect(r).toMatch(/<w:b\/><w:bCs\/><w:highlight w:val="yellow"\/>/);
    expect(toTranslate[1]).not.toContain('<w:highlight');
    expect(elements(toTranslate[1]!, 'w:r')[1]).toMatch(/<w:i\/><w:iCs\/>/);
    // A paragraph after a marker stays a numbered body paragraph.
    const after = paragraphs[paragraphs.indexOf(toTranslate[2]!) + 1]!;
    expect(textOf(after)).toBe('Mesures prises en arabe, laissées en paragraphe numéroté.');
    expect(numIdOf(after)).not.toBeNull();

    // In the annex, a cell opening with a marker has the marker highlighted.
    const cell = elements(elements(doc!, 'w:tbl')[0]!, 'w:tc').find((c) => textOf(c).startsWith('[À traduire'))!;
    expect(elements(cell, 'w:r').map((r) => textOf(`<w:p>${r}</w:p>`))).toEqual(['[À traduire — texte en anglais] ', 'Ratify the Optional Protocol.']);
    expect(elements(cell, 'w:r')[0]).toContain('<w:highlight w:val="yellow"/>');
    expect(elements(cell, 'w:r')[1]).not.toContain('<w:highlight');

    const style = (id: string) => elements(styles!, 'w:style').find((s) => s.includes(`w:styleId="${id}"`))!;
    expect(style('ReportQuote')).toMatch(/<w:ind w:left="1701" w:right="1701"\/>/);
    expect(style('ReportToTranslate')).toMatch(/<w:shd w:fill="FFF2CC"/);
    expect(style('ReportToTranslate')).toMatch(/<w:ind w:left="1701" w:right="1701"\/>/);
  });

  it('writes the annex as a table on a new landscape page: a repeated header row, then exactly one row per item', async () => {
    const model = frenchUpr();
    const doc = (await open(model))['word/document.xml']!;
    const tables = elements(doc, 'w:tbl');
    expect(tables).toHaveLength(1);
    const rows = elements(tables[0]!, 'w:tr');
    expect(rows).toHaveLength(1 + model.annex!.rows.length);
    expect(rows[0]).toContain('<w:tblHeader/>');
    expect(rows.slice(1).some((r) => r.includes('<w:tblHeader/>'))).toBe(false);
    expect(elements(rows[0]!, 'w:tc').map(textOf)).toEqual(['Cote', 'Recommandation', 'Position', 'État', 'Mesures prises', 'Institutions']);
    model.annex!.rows.forEach((row, i) => {
      expect(elements(rows[i + 1]!, 'w:tc').map(textOf)).toEqual([row.citation, row.text, row.response ?? '', row.status, row.measures, row.institutions]);
    });
    expect(tables[0]).not.toContain('<w:bidiVisual/>');

    // The annex's heading opens the last section, which starts on a new page and is landscape.
    const last = doc.slice(doc.lastIndexOf('<w:sectPr>'));
    expect(last).toContain('<w:type w:val="nextPage"/>');
    expect(last).toContain('w:orient="landscape"');
    const annexHeading = doc.indexOf(`>${model.annex!.heading}</w:t>`);
    const bodyEnd = doc.lastIndexOf('</w:sectPr></w:pPr>');
    expect(bodyEnd).toBeLessThan(annexHeading);
    expect(annexHeading).toBeLessThan(doc.indexOf('<w:tbl>'));
  });

  it('interprets no markup: text that looks like HTML or XML is written as literal text, in the body and in the table', async () => {
    const doc = (await open(frenchUpr()))['word/document.xml']!;
    expect(doc).toContain('Deuxième paragraphe &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;fin&quot;.');
    expect(doc).toContain('Renforcer &lt;b&gt;l’accès&lt;/b&gt; &amp; la &quot;justice&quot;.');
    expect(doc).not.toMatch(/<script|<b>/);
  });

  it('drops the characters XML cannot hold, so Word still opens the file', async () => {
    const model = frenchUpr();
    model.sections[0]!.blocks = [p('avant\u0001\u000bpendant\uD800après\uFFFF')];
    model.annex!.rows[0]!.text = 'cellule\u0000 nulle';
    const doc = (await open(model))['word/document.xml']!;
    expect(doc).toContain('>avantpendantaprès</w:t>');
    expect(doc).toContain('>cellule nulle</w:t>');
    expect(doc).not.toMatch(/(?![\t\n\r])\p{Cc}|\p{Cs}|\uFFFF/u);
  });

  it('writes a level-2 section (a group of the UPR national report\'s section III) under a Heading 2', async () => {
    const model = frenchUpr();
    model.sections[1]!.level = 2;
    const paragraphs = bodyParagraphs((await open(model))['word/document.xml']!);
    const styled = (heading: string) => styleOf(paragraphs.find((x) => textOf(x) === heading)!);
    expect(styled(model.sections[0]!.heading)).toBe('Heading1');
    expect(styled(model.sections[1]!.heading)).toBe('Heading2');
    // Its own headings one level deeper: `# A. Justice` under Heading 3.
    expect(styled('A. Justice')).toBe('Heading3');
  });

  it('cannot be steered by text that spells the placeholders the body and its numbering are written in place of', async () => {
    const model = frenchUpr();
    model.title = 'Titre \uFDD0body\uFDD0';
    model.sections[0]!.heading = 'I. \uFDD0num:paragraphs:0\uFDD0 Méthodologie';
    model.sections[1]!.blocks = [p('\uFDD0body\uFDD0 texte')];
    const doc = (await open(model))['word/document.xml']!;
    expect(doc).not.toContain('\uFDD0');
    expect(doc).toContain('>Titre body</w:t>');
    expect(doc).toContain('>I. num:paragraphs:0 Méthodologie</w:t>');
    expect(doc).toContain('>body texte</w:t>');
    // The body is in place, once, in order.
    const texts = bodyParagraphs(doc).map(textOf);
    expect(texts.indexOf('I. num:paragraphs:0 Méthodologie')).toBeGreaterThan(texts.indexOf('Titre body'));
    expect(texts.filter((x) => x === 'body texte')).toHaveLength(1);
  });

  it('numbers the pages in the footer ("Page N") from the body on, in French on A4 in Times New Roman 12', async () => {
    const files = await open(frenchUpr());
    const doc = files['word/document.xml']!;
    const sections = doc.match(/<w:sectPr>[\s\S]*?<\/w:sectPr>/g)!;
    expect(sections).toHaveLength(3);
    expect(sections[0]).not.toContain('footerReference');
    for (const section of sections.slice(1)) {
      const id = /<w:footerReference w:type="default" r:id="(rId\d+)"\/>/.exec(section)![1];
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(files['word/_rels/document.xml.rels']!)!;
      const footer = files[`word/${target[1] ?? target[2]}`]!;
      expect(footer).toContain('<w:instrText xml:space="preserve">PAGE</w:instrText>');
      expect(footer).toContain('<w:fldChar w:fldCharType="begin"/>');
      expect(textOf(footer)).toBe('Page ');
    }
    expect(sections[1]).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    expect(doc).not.toMatch(/<w:bidi\/>|<w:rtl\/>|<w:bidiVisual\/>/);
    const defaults = /<w:docDefaults>[\s\S]*<\/w:docDefaults>/.exec(files['word/styles.xml']!)![0];
    expect(defaults).toContain('<w:rFonts w:ascii="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman" w:hAnsi="Times New Roman"/>');
    expect(defaults).toContain('<w:sz w:val="24"/>');
    expect(defaults).toContain('<w:lang w:val="fr-FR"/>');
  });

  it('leaves out the table and the annex section when the report has no annex', async () => {
    const doc = (await open({ ...frenchUpr(), annex: null }))['word/document.xml']!;
    expect(doc).not.toContain('<w:tbl>');
    expect(doc.match(/<w:sectPr>/g)).toHaveLength(2);
    expect(doc).not.toContain('landscape');
  });

  describe('in Arabic', () => {
    it('lays out every paragraph, run, table and section right to left', async () => {
      const files = await open(arabicTreatyBody());
      const doc = files['word/document.xml']!;
      const footers = Object.entries(files).filter(([path]) => /^word\/footer\d+\.xml$/.test(path));
      expect(footers.length).toBeGreaterThan(0);
      for (const xml of [doc, ...footers.map(([, xml]) => xml)]) {
        const paragraphs = elements(xml, 'w:p');
        expect(paragraphs.length).toBeGreaterThan(0);
        for (const x of paragraphs) expect(/<w:pPr>(?:(?!<\/w:pPr>).)*<w:bidi\/>/.test(x)).toBe(true);
        const runs = elements(xml, 'w:r');
        for (const r of runs) expect(r).toMatch(/<w:rPr>(?:(?!<\/w:rPr>).)*<w:rtl\/>/);
      }
      const sections = doc.match(/<w:sectPr>[\s\S]*?<\/w:sectPr>/g)!;
      expect(sections).toHaveLength(3);
      for (const section of sections) expect(section).toMatch(/<w:bidi\/><w:docGrid /);
      expect(elements(doc, 'w:tbl')[0]).toMatch(/^<w:tbl><w:tblPr><w:bidiVisual\/>/);
      for (const footer of footers) expect(textOf(footer[1])).toBe('الصفحة ');
    });

    it('writes the sections, citations (with the Arabic semicolon), numbered paragraphs and the table', async () => {
      const model = arabicTreatyBody();
      const { 'word/document.xml': doc, 'word/numbering.xml': numbering, 'word/styles.xml': styles } = await open(model);
      const paragraphs = bodyParagraphs(doc!);
      expect(paragraphs.filter((x) => styleOf(x) === 'Heading1').map(textOf)).toEqual([...model.sections.map((s) => s.heading), model.annex!.heading]);
      expect(paragraphs.filter((x) => styleOf(x) === 'ReportCitations').map(textOf)).toEqual(model.sections.map((s) => s.citations.join('؛ ')));
      const [list] = numIds(numbering!, 'decimal', '%1.');
      expect(paragraphs.filter((x) => numIdOf(x) === list).map(textOf)).toEqual(['يقدم المغرب هذا التقرير وفقا للفقرة 52.', 'اعتمد البرلمان القانون رقم 10.23 في 2024.']);
      expect(paragraphs.filter((x) => styleOf(x) === 'ReportToTranslate').map(textOf)).toEqual(['[للترجمة — النص باللغة الفرنسية]', 'Veiller à ce que toute personne détenue…']);

      const rows = elements(elements(doc!, 'w:tbl')[0]!, 'w:tr');
      expect(rows).toHaveLength(1 + model.annex!.rows.length);
      // No response column for treaty-body items.
      expect(elements(rows[0]!, 'w:tc').map(textOf)).toEqual(['المرجع', 'التوصية', 'الحالة', 'التدابير المتخذة', 'المؤسسات']);
      expect(elements(rows[2]!, 'w:tc').map(textOf)).toEqual(['CAT/C/MAR/CO/5، الفقرة 14', 'التحقيق في جميع الادعاءات', 'منفذة', 'دورية النيابة العامة 2024\nتكوين 300 قاض', 'رئاسة النيابة العامة']);

      const defaults = /<w:docDefaults>[\s\S]*<\/w:docDefaults>/.exec(styles!)![0];
      expect(defaults).toContain('<w:rFonts w:ascii="Arial" w:cs="Arial" w:eastAsia="Arial" w:hAnsi="Arial"/>');
      expect(defaults).toContain('<w:szCs w:val="28"/>');
      expect(defaults).toContain('<w:lang w:bidi="ar-MA"/>');
      // Paragraph numbers stay in Latin digits (decimal, not hindiNumbers); `1.` items are lettered (أ), (ب) … in abjad order.
      expect(numbering).not.toMatch(/hindi|arabicAlpha/);
      const items = numIds(numbering!, 'arabicAbjad', '(%1)');
      expect(paragraphs.filter((x) => items.includes(numIdOf(x) ?? '')).map(textOf)).toEqual(['التدريب']);
    });
  });
});

describe('toTranslateMarkerLength', () => {
  it('measures the to-translate marker a text opens with, and the spaces after it', () => {
    const marker = toTranslateMarker('fr', 'en');
    expect(toTranslateMarkerLength(marker)).toBe(marker.length);
    expect(toTranslateMarkerLength(`${marker}  Ensure`)).toBe(marker.length + 2);
    expect(toTranslateMarkerLength(`  ${toTranslateMarker('ar', 'en')} نص`)).toBe(2 + toTranslateMarker('ar', 'en').length + 1);
    expect(toTranslateMarkerLength(`Ensure ${marker}`)).toBe(0);
    expect(toTranslateMarkerLength('[À traduire] Ensure')).toBe(0);
  });
});
