/**
 * A report to the UN as a Word document, the way a State submits it to a treaty body or the UPR:
 * a title page; the body, each section under its heading with its citations on the line below,
 * paragraphs numbered 1., 2., 3. … across the whole body by one Word numbering definition (headings,
 * quotes and list items are not numbered), bullets, `(a)` items, indented quotes, the text to
 * translate (after a `[À traduire — …]` marker) shaded; then the annex matrix as a Word table on
 * landscape pages, its header row repeated on each page. "Page N" in the footer of every page but
 * the title page.
 *
 * French and English: Times New Roman 12, A4. Arabic: right-to-left throughout (every paragraph
 * `w:bidi`, every run `w:rtl`, the table `w:bidiVisual`, every section `w:bidi`) in Arial, which
 * Windows and macOS both have with Arabic glyphs, Arabic text at 14 pt; numbers in Latin digits, as
 * in UN Arabic documents.
 *
 * docx writes the package (styles, numbering, title page, footers, section properties); the body and
 * the annex table, which grow with the report, are written as WordprocessingML strings and put in
 * place of placeholders (`complete`): at 3,000 sections that took the rendering from 4.8 s and 1.2 GB
 * peak to 0.8 s and 0.6 GB (`npm run bench:report`).
 *
 * Text is only ever written as text (runs, escaped): nothing in the model is read as markup.
 */
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  LevelSuffix,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  SectionType,
  ShadingType,
  TextRun,
  type IBaseParagraphStyleOptions,
  type IFontAttributesProperties,
  type IParagraphOptions,
  type IParagraphStyleOptions,
  type ISectionOptions,
  type NumberingDefinition,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { isToTranslateMarker, type InlineRun, type ReportAnnexRow, type ReportBlock, type ReportDocumentModel } from '@sidh/domain';

type Annex = NonNullable<ReportDocumentModel['annex']>;

/** The references of the document's numbering definitions (`w:abstractNum` in numbering.xml). */
const NUMBERING = {
  /** Body paragraphs: 1., 2., 3. … one list across the whole body. */
  paragraphs: 'report-paragraphs',
  bullets: 'report-bullets',
  /** The `1.` items of section text, written (a), (b), (c) … as in UN documents, (أ), (ب), (ج) … in Arabic; each list from the first letter. */
  items: 'report-items',
} as const;

/** Paragraph styles of our own (Word's Title and Heading 1–4 are redefined too). */
const STYLES = { citations: 'ReportCitations', quote: 'ReportQuote', toTranslate: 'ReportToTranslate', tableText: 'ReportTableText' } as const;

/* Measures in twips (1/20 pt; 567 = 1 cm); font sizes in half-points. */
const CM = 567;
const A4 = { width: 11906, height: 16838 };
const MARGIN = { top: Math.round(2.5 * CM), bottom: Math.round(2.5 * CM), left: 2 * CM, right: 2 * CM, header: 709, footer: 709 };
/** Where body text starts (a paragraph's number sits there), and where its first line goes on after the number. */
const TEXT_INDENT = 2 * CM;
const NUMBER_TAB = 3 * CM;
/** The annex table spans landscape A4 between the margins. */
const ANNEX_WIDTH = A4.height - MARGIN.left - MARGIN.right;
const TO_TRANSLATE_FILL = 'FFF2CC';
const TO_TRANSLATE_BORDER = 'BF8F00';
const HEADER_FILL = 'D9D9D9';

interface Typography {
  rtl: boolean;
  font: IFontAttributesProperties;
  /** Latin text, and complex-script (Arabic) text. */
  size: number;
  sizeCs: number;
  language: { value?: string; bidirectional?: string };
  /** The letters of `(a)` items: Latin, or Arabic in abjad order as UN Arabic documents letter them. */
  itemLetters: typeof LevelFormat.LOWER_LETTER | typeof LevelFormat.ARABIC_ABJAD;
  /** Between the citations of a section. */
  citationSeparator: string;
}

function typography(language: ReportDocumentModel['language']): Typography {
  if (language === 'ar') {
    const font = 'Arial';
    return { rtl: true, font: { ascii: font, hAnsi: font, cs: font, eastAsia: font }, size: 24, sizeCs: 28, language: { bidirectional: 'ar-MA' }, itemLetters: LevelFormat.ARABIC_ABJAD, citationSeparator: '؛ ' };
  }
  const font = 'Times New Roman';
  return { rtl: false, font: { ascii: font, hAnsi: font, cs: font, eastAsia: font }, size: 24, sizeCs: 24, language: { value: language === 'fr' ? 'fr-FR' : 'en-GB' }, itemLetters: LevelFormat.LOWER_LETTER, citationSeparator: '; ' };
}

/**
 * Characters to drop: those XML 1.0 cannot hold (Word then refuses the whole file), i.e. control
 * characters but tab, LF and CR, and lone surrogates; with them the C1 controls and the Unicode
 * noncharacters (U+FFFE, U+FFFF…), which no text of a report means to hold.
 */
const XML_UNFIT = /(?![\t\n\r])\p{Cc}|\p{Cs}|\p{Noncharacter_Code_Point}/gu;

/** The text with the characters XML cannot hold dropped. */
export function xmlSafe(text: string): string {
  return text.replace(XML_UNFIT, '');
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
function xmlText(text: string): string {
  return xmlSafe(text).replace(/[&<>"]/g, (c) => XML_ESCAPES[c]!);
}

/**
 * The length of the to-translate marker a text opens with (`[À traduire — texte en anglais]` and the
 * spaces after it, as the report plan writes it before text in another language), or 0.
 */
export function toTranslateMarkerLength(text: string): number {
  if (!isToTranslateMarker(text)) return 0;
  const end = text.indexOf(']') + 1;
  return end === 0 ? 0 : end + /^\s*/.exec(text.slice(end))![0].length;
}

/** The runs split after `length` characters of their text. */
function splitRuns(runs: readonly InlineRun[], length: number): [InlineRun[], InlineRun[]] {
  const head: InlineRun[] = [];
  const tail: InlineRun[] = [];
  let left = length;
  for (const run of runs) {
    if (left >= run.text.length) head.push(run);
    else if (left <= 0) tail.push(run);
    else {
      head.push({ ...run, text: run.text.slice(0, left) });
      tail.push({ ...run, text: run.text.slice(left) });
    }
    left -= run.text.length;
  }
  return [head, tail];
}

/** The numbering instances the body uses, as `w:numId` values of the packed document (see `complete`). */
interface NumIds {
  paragraphs: string;
  bullets: string;
  /** The `(a)` lists in body order; the n-th list is `items[n - 1]`. */
  items: string[];
}

/** The paragraph styles of headings by level (Word's own ids; a block's level 1 is the section's level 2). */
const HEADING_STYLES = ['Heading1', 'Heading2', 'Heading3', 'Heading4'] as const;

/**
 * Writes the body's WordprocessingML as a string, each paragraph with the report's direction, the way
 * docx would write it (same elements, same order). Built with docx's object tree (an object per
 * paragraph, run and property, then serialised), a 3,000-section body took several seconds and a
 * gigabyte; written directly, a fraction of it. Numbering uses the `w:num` ids docx defined for the
 * document (`NumIds`).
 */
class BodyWriter {
  /** The `(a)` lists so far: each run of `numbered` blocks is a new list instance, from (a). */
  private itemLists = 0;
  private previous: ReportBlock['kind'] | null = null;
  /** Whether the previous block was a to-translate marker: the quote after one is the text to translate. */
  private afterMarker = false;
  private readonly parts: string[] = [];

  constructor(
    private readonly t: Typography,
    private readonly numIds: NumIds,
  ) {}

  /** How many `(a)` lists a body of these sections holds, so that the skeleton defines one numbering instance each. */
  static itemListCount(sections: ReportDocumentModel['sections']): number {
    let lists = 0;
    let previous: ReportBlock['kind'] | null = null;
    for (const section of sections) {
      for (const block of section.blocks) {
        if (block.kind === 'numbered' && previous !== 'numbered') lists += 1;
        previous = block.kind;
      }
    }
    return lists;
  }

  private run(text: string, style: Omit<InlineRun, 'text'> & { highlight?: boolean } = {}): string {
    const rPr = `${style.bold ? '<w:b/><w:bCs/>' : ''}${style.italic ? '<w:i/><w:iCs/>' : ''}${style.highlight ? '<w:highlight w:val="yellow"/>' : ''}${this.t.rtl ? '<w:rtl/>' : ''}`;
    return `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${xmlText(text)}</w:t></w:r>`;
  }

  private runs(runs: readonly (InlineRun & { highlight?: boolean })[]): string {
    return runs.filter((r) => r.text.length > 0).map((r) => this.run(r.text, r)).join('');
  }

  private paragraph(properties: { style?: string; numId?: string }, content: string): void {
    const numPr = properties.numId === undefined ? '' : `<w:numPr><w:ilvl w:val="0"/><w:numId w:val="${properties.numId}"/></w:numPr>`;
    const pPr = `${properties.style ? `<w:pStyle w:val="${properties.style}"/>` : ''}${numPr}${this.t.rtl ? '<w:bidi/>' : ''}`;
    this.parts.push(`<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${content}</w:p>`);
  }

  section(section: ReportDocumentModel['sections'][number]): void {
    const level = section.level ?? 1;
    this.paragraph({ style: HEADING_STYLES[level - 1] }, this.run(section.heading));
    const citations = section.citations.map((c) => c.trim()).filter((c) => c.length > 0);
    if (citations.length > 0) this.paragraph({ style: STYLES.citations }, this.run(citations.join(this.t.citationSeparator)));
    // A sub-section's own headings go one level deeper (Heading 3 under its Heading 2).
    for (const block of section.blocks) this.block(block, level - 1);
  }

  private block(block: ReportBlock, depth: number): void {
    const startsList = block.kind === 'numbered' && this.previous !== 'numbered';
    const afterMarker = this.afterMarker;
    this.previous = block.kind;
    this.afterMarker = false;
    switch (block.kind) {
      case 'heading':
        return this.paragraph({ style: HEADING_STYLES[Math.min(block.level + depth, HEADING_STYLES.length - 1)] }, this.runs(block.runs));
      case 'paragraph':
        return this.paragraph({ numId: this.numIds.paragraphs }, this.runs(block.runs));
      case 'bullet':
        return this.paragraph({ numId: this.numIds.bullets }, this.runs(block.runs));
      case 'numbered':
        if (startsList) this.itemLists += 1;
        return this.paragraph({ numId: this.numIds.items[this.itemLists - 1] }, this.runs(block.runs));
      case 'quote':
        return this.quote(block.runs, afterMarker);
    }
  }

  /**
   * An indented quote. A to-translate marker (`> [À traduire — texte en anglais]`) and the quote right
   * after it, the text in another language, are shaded and framed, the marker bold and highlighted.
   */
  private quote(runs: readonly InlineRun[], afterMarker: boolean): void {
    const marker = toTranslateMarkerLength(runs.map((r) => r.text).join(''));
    if (marker > 0) {
      this.afterMarker = true;
      const [label, rest] = splitRuns(runs, marker);
      return this.paragraph({ style: STYLES.toTranslate }, this.runs(label.map((r) => ({ ...r, bold: true, highlight: true }))) + this.runs(rest));
    }
    this.paragraph({ style: afterMarker ? STYLES.toTranslate : STYLES.quote }, this.runs(runs));
  }

  /** The body's XML; `sectionProperties` (the body section's `w:sectPr`, when a section follows) goes into its last paragraph. */
  xml(sectionProperties: string): string {
    if (sectionProperties && this.parts.length > 0) {
      const last = this.parts.length - 1;
      const paragraph = this.parts[last]!;
      this.parts[last] = paragraph.includes('<w:pPr>')
        ? paragraph.replace('</w:pPr>', `${sectionProperties}</w:pPr>`)
        : paragraph.replace('<w:p>', `<w:p><w:pPr>${sectionProperties}</w:pPr>`);
    }
    return this.parts.join('');
  }
}

/** Builds the skeleton's paragraphs (title page, annex heading, footers) with docx, each with the report's direction. */
class Writer {
  constructor(
    private readonly t: Typography,
    private readonly labels: ReportDocumentModel['labels'],
  ) {}

  run(text: string): TextRun {
    return new TextRun({ text: xmlSafe(text), rightToLeft: this.t.rtl || undefined });
  }

  paragraph(options: IParagraphOptions): Paragraph {
    return new Paragraph({ ...options, bidirectional: this.t.rtl || undefined });
  }

  heading(text: string): Paragraph {
    return this.paragraph({ heading: HeadingLevel.HEADING_1, children: [this.run(text)] });
  }

  footer(): Footer {
    const page = new TextRun({ children: [`${xmlSafe(this.labels.page)} `, PageNumber.CURRENT], rightToLeft: this.t.rtl || undefined });
    return new Footer({ children: [this.paragraph({ alignment: AlignmentType.CENTER, children: [page] })] });
  }
}

/**
 * The annex's columns in reading order (in an Arabic table the first is on the right), with their
 * share of the table's width. A response column only when the annex has one (UPR items).
 */
export function annexColumns(annex: Annex): { label: string; share: number; value: (row: ReportAnnexRow) => string }[] {
  const c = annex.columns;
  const columns = [
    { label: c.citation, share: 14, value: (r: ReportAnnexRow) => r.citation },
    { label: c.text, share: 30, value: (r: ReportAnnexRow) => r.text },
    ...(c.response === null ? [] : [{ label: c.response, share: 9, value: (r: ReportAnnexRow) => r.response ?? '' }]),
    { label: c.status, share: 11, value: (r: ReportAnnexRow) => r.status },
    { label: c.measures, share: 24, value: (r: ReportAnnexRow) => r.measures },
    { label: c.institutions, share: 12, value: (r: ReportAnnexRow) => r.institutions },
  ];
  const total = columns.reduce((sum, col) => sum + col.share, 0);
  return columns.map((col) => ({ ...col, share: col.share / total }));
}

/**
 * The annex table's WordprocessingML, written as a string. Built with docx (an object tree per
 * cell, paragraph and run, then serialised), a 3,000-row matrix took three times as long and twice
 * the memory of the whole document written this way. One paragraph per line of a cell.
 */
function annexTableXml(t: Typography, annex: Annex): string {
  const columns = annexColumns(annex);
  const widths = columns.map((c) => Math.floor(c.share * ANNEX_WIDTH));
  widths[1] = widths[1]! + ANNEX_WIDTH - widths.reduce((a, b) => a + b, 0);
  const pPr = `<w:pPr><w:pStyle w:val="${STYLES.tableText}"/>${t.rtl ? '<w:bidi/>' : ''}</w:pPr>`;
  const rPr = (bold: boolean, highlight = false) =>
    bold || highlight || t.rtl ? `<w:rPr>${bold ? '<w:b/><w:bCs/>' : ''}${highlight ? '<w:highlight w:val="yellow"/>' : ''}${t.rtl ? '<w:rtl/>' : ''}</w:rPr>` : '';
  const run = (text: string, bold: boolean, highlight = false) => `<w:r>${rPr(bold, highlight)}<w:t xml:space="preserve">${xmlText(text)}</w:t></w:r>`;
  // A line opening with a to-translate marker (text in another language) has the marker highlighted, as in the body.
  const line = (text: string, header: boolean) => {
    const marker = header ? 0 : toTranslateMarkerLength(text);
    return `<w:p>${pPr}${marker > 0 ? run(text.slice(0, marker), true, true) + run(text.slice(marker), false) : run(text, header)}</w:p>`;
  };
  const cell = (text: string, column: number, header: boolean) => {
    const shading = header ? `<w:shd w:val="clear" w:color="auto" w:fill="${HEADER_FILL}"/>` : '';
    const lines = text.split(/\r\n|\r|\n/).map((l) => line(l, header));
    return `<w:tc><w:tcPr><w:tcW w:w="${widths[column]}" w:type="dxa"/>${shading}</w:tcPr>${lines.join('')}</w:tc>`;
  };
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>`;
  const parts = [
    `<w:tbl><w:tblPr>${t.rtl ? '<w:bidiVisual/>' : ''}<w:tblW w:w="${ANNEX_WIDTH}" w:type="dxa"/>`,
    `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders>`,
    `<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`,
    `<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>${columns.map((c, i) => cell(c.label, i, true)).join('')}</w:tr>`,
  ];
  for (const row of annex.rows) parts.push(`<w:tr>${columns.map((c, i) => cell(c.value(row), i, false)).join('')}</w:tr>`);
  parts.push('</w:tbl>');
  return parts.join('');
}

/**
 * Placeholders in the skeleton docx packs, replaced in `complete`: U+FDD0 is a noncharacter, which
 * `xmlSafe` drops from every text of the model, so no title or heading can spell one.
 */
const PLACEHOLDER = '\uFDD0';
const BODY_PLACEHOLDER = `${PLACEHOLDER}body${PLACEHOLDER}`;
const numberingPlaceholder = (key: string) => `${PLACEHOLDER}num:${key}${PLACEHOLDER}`;
const PARAGRAPH = /<w:p>(?:(?!<w:p>)[\s\S])*?<\/w:p>/g;

/**
 * What docx does not write, put into the packed skeleton: the body, written by `BodyWriter` with the
 * numbering instances docx defined (read from the placeholder paragraphs that used them, then
 * removed), in place of the body placeholder; the annex table as the body's last block (its section
 * is the last, so right before the body's own `w:sectPr`); and for an Arabic report `w:bidi` in every
 * section's properties (a right-to-left section), before `w:docGrid` as the schema orders them.
 * None of these patterns can come from the model's text, which is escaped and cleared of U+FDD0.
 */
function complete(packed: Buffer, t: Typography, model: ReportDocumentModel): Buffer {
  const files = unzipSync(packed);
  const document = files['word/document.xml'];
  if (!document) throw new Error('The packed document has no word/document.xml');
  let xml = strFromU8(document);
  if (model.sections.length > 0) {
    const numIds = new Map<string, string>();
    let bodyParagraph: string | null = null;
    xml = xml.replace(PARAGRAPH, (paragraph) => {
      if (paragraph.includes(BODY_PLACEHOLDER)) {
        bodyParagraph = paragraph;
        return BODY_PLACEHOLDER;
      }
      const key = new RegExp(`${PLACEHOLDER}num:([a-z]+:\\d+)${PLACEHOLDER}`).exec(paragraph)?.[1];
      if (!key) return paragraph;
      const numId = /<w:numId w:val="(\d+)"\/>/.exec(paragraph)?.[1];
      if (!numId) throw new Error(`The numbering placeholder ${key} has no numbering`);
      numIds.set(key, numId);
      return '';
    });
    if (bodyParagraph === null) throw new Error('The packed document has no body placeholder');
    const numId = (key: string) => {
      const id = numIds.get(key);
      if (!id) throw new Error(`The packed document defines no numbering ${key}`);
      return id;
    };
    const items = Array.from({ length: BodyWriter.itemListCount(model.sections) }, (_, i) => numId(`items:${i + 1}`));
    const body = new BodyWriter(t, { paragraphs: numId('paragraphs:0'), bullets: numId('bullets:0'), items });
    for (const section of model.sections) body.section(section);
    const sectionProperties = /<w:sectPr>[\s\S]*<\/w:sectPr>/.exec(bodyParagraph)?.[0] ?? '';
    const bodyXml = body.xml(sectionProperties);
    xml = xml.replace(BODY_PLACEHOLDER, () => bodyXml);
  }
  if (t.rtl) xml = xml.replace(/<w:docGrid\b/g, '<w:bidi/><w:docGrid');
  if (model.annex) {
    const end = xml.lastIndexOf('<w:sectPr');
    if (end < 0) throw new Error('The packed document has no section properties');
    xml = xml.slice(0, end) + annexTableXml(t, model.annex) + xml.slice(end);
  }
  files['word/document.xml'] = strToU8(xml);
  const zipped = zipSync(files, { level: 6 });
  return Buffer.from(zipped.buffer, zipped.byteOffset, zipped.byteLength);
}

function numbering(t: Typography): NumberingDefinition[] {
  const label = { alignment: AlignmentType.START, suffix: LevelSuffix.TAB };
  return [
    {
      reference: NUMBERING.paragraphs,
      // The number where the text starts, the first line going on at the next tab; the others back under the number.
      levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', start: 1, ...label, style: { paragraph: { indent: { left: TEXT_INDENT, firstLine: 0 }, leftTabStop: NUMBER_TAB } } }],
    },
    {
      reference: NUMBERING.bullets,
      levels: [{ level: 0, format: LevelFormat.BULLET, text: '•', ...label, style: { paragraph: { indent: { left: NUMBER_TAB, hanging: CM / 2 } } } }],
    },
    {
      reference: NUMBERING.items,
      levels: [{ level: 0, format: t.itemLetters, text: '(%1)', start: 1, ...label, style: { paragraph: { indent: { left: NUMBER_TAB, hanging: CM } } } }],
    },
  ];
}

function styles(t: Typography): { default: Record<'title' | 'heading1' | 'heading2' | 'heading3' | 'heading4', IBaseParagraphStyleOptions>; paragraphStyles: IParagraphStyleOptions[] } {
  const cs = t.sizeCs - t.size;
  const heading = (outlineLevel: number, size: number, bold: boolean, italics: boolean): IBaseParagraphStyleOptions => ({
    run: { bold, boldComplexScript: bold, italics, italicsComplexScript: italics, size, sizeComplexScript: size + cs, color: '000000', font: t.font },
    paragraph: { keepNext: true, keepLines: true, outlineLevel, spacing: { before: 240, after: 240 }, indent: { left: TEXT_INDENT, right: TEXT_INDENT } },
  });
  const quote = { indent: { left: NUMBER_TAB, right: NUMBER_TAB }, spacing: { after: 120 } };
  const custom = { basedOn: 'Normal', next: 'Normal', quickFormat: true };
  return {
    default: {
      title: {
        run: { bold: true, boldComplexScript: true, size: 32, sizeComplexScript: 32 + cs, color: '000000', font: t.font },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 2880, after: 480 }, indent: { left: 0, right: 0 } },
      },
      heading1: heading(0, 28, true, false),
      heading2: heading(1, 24, true, false),
      heading3: heading(2, 24, true, true),
      heading4: heading(3, 24, false, true),
    },
    paragraphStyles: [
      {
        id: STYLES.citations,
        name: 'Report citations',
        ...custom,
        run: { italics: true, italicsComplexScript: true },
        paragraph: { keepNext: true, spacing: { after: 240 }, indent: { left: TEXT_INDENT, right: TEXT_INDENT } },
      },
      { id: STYLES.quote, name: 'Report quote', ...custom, paragraph: quote },
      {
        id: STYLES.toTranslate,
        name: 'Report quote to translate',
        ...custom,
        paragraph: {
          ...quote,
          shading: { type: ShadingType.CLEAR, fill: TO_TRANSLATE_FILL, color: 'auto' },
          border: { left: { style: 'single', size: 18, color: TO_TRANSLATE_BORDER, space: 4 }, right: { style: 'single', size: 18, color: TO_TRANSLATE_BORDER, space: 4 } },
        },
      },
      {
        id: STYLES.tableText,
        name: 'Report table text',
        ...custom,
        run: { size: 20, sizeComplexScript: 20 + cs },
        // A style's `left` is the paragraph's start, the right in a right-to-left paragraph (Word 2007 knows no `start`).
        paragraph: { alignment: AlignmentType.LEFT, spacing: { before: 40, after: 40 }, indent: { left: 0, right: 0 } },
      },
    ],
  };
}

export async function renderReportDocx(model: ReportDocumentModel): Promise<Buffer> {
  const t = typography(model.language);
  const w = new Writer(t, model.labels);
  const page = { size: { width: A4.width, height: A4.height }, margin: MARGIN };

  const titlePage: ISectionOptions = {
    properties: { page },
    children: [
      w.paragraph({ heading: HeadingLevel.TITLE, children: [w.run(model.title)] }),
      ...model.subtitleLines.map((line) => w.paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, indent: { left: 0, right: 0 }, children: [w.run(line)] })),
    ],
  };
  // The body is written into the packed document (`complete`) in place of its placeholder, with the
  // numbering instances the placeholders before it make docx define: the paragraphs' and bullets'
  // lists, and one instance per `(a)` list. The placeholder comes last: a section's properties go
  // into its last paragraph.
  // (Its text not through `xmlSafe`, which would drop the U+FDD0 that marks it.)
  const placeholder = (text: string, numbering?: IParagraphOptions['numbering']) => w.paragraph({ numbering, children: [new TextRun({ text })] });
  const body: ISectionOptions = {
    properties: { page, type: SectionType.NEXT_PAGE },
    footers: { default: w.footer() },
    children: [
      placeholder(numberingPlaceholder('paragraphs:0'), { reference: NUMBERING.paragraphs, level: 0, custom: true }),
      placeholder(numberingPlaceholder('bullets:0'), { reference: NUMBERING.bullets, level: 0, custom: true }),
      ...Array.from({ length: BodyWriter.itemListCount(model.sections) }, (_, i) =>
        placeholder(numberingPlaceholder(`items:${i + 1}`), { reference: NUMBERING.items, level: 0, instance: i + 1, custom: true }),
      ),
      placeholder(BODY_PLACEHOLDER),
    ],
  };
  // The table itself is written into the packed document (`complete`), after this heading.
  const annex: ISectionOptions | null = model.annex && {
    properties: { page: { ...page, size: { ...page.size, orientation: PageOrientation.LANDSCAPE } }, type: SectionType.NEXT_PAGE },
    footers: { default: w.footer() },
    children: [w.heading(model.annex.heading)],
  };
  const { default: headingStyles, paragraphStyles } = styles(t);
  const doc = new Document({
    title: xmlSafe(model.title),
    creator: 'SIDH',
    styles: {
      default: {
        document: {
          run: { font: t.font, size: t.size, sizeComplexScript: t.sizeCs, language: t.language, rightToLeft: t.rtl || undefined },
          paragraph: { alignment: AlignmentType.BOTH, spacing: { after: 120 }, indent: { left: TEXT_INDENT, right: TEXT_INDENT } },
        },
        ...headingStyles,
      },
      paragraphStyles,
    },
    numbering: { config: numbering(t) },
    sections: [titlePage, ...(model.sections.length > 0 ? [body] : []), ...(annex ? [annex] : [])],
  });
  return complete(await Packer.toBuffer(doc), t, model);
}
