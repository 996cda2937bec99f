import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IMPORT_STATUSES, type ImportStatus } from '../import-job.entity.js';
import { ImportFileError, ImportRowError } from '../import.errors.js';
import { FieldMappingDto, ImportMappingDto, PRESET_NAMES, TARGET_FIELDS, type PresetName } from '../mapping.js';

export { FieldMappingDto, ImportMappingDto };

/** The multipart form of `POST /imports` (documented; multer reads it). */
export class ImportUploadDto {
  @ApiPropertyOptional({
    type: 'string',
    format: 'binary',
    description: 'CSV (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1256, Windows-1252, Mac Roman; delimiter , ; tab or | detected), XLSX or UHRI JSON. Either the file or `uploadId`.',
  })
  file?: unknown;

  @ApiPropertyOptional({ format: 'uuid', description: 'The file stored by `POST /imports/preview` (its `uploadId`), instead of sending it again; checked by its SHA-256.' })
  uploadId?: string;

  @ApiPropertyOptional({ description: 'The mapping as a JSON string (schema: ImportMappingDto). Default: `{"preset":"custom"}`.', example: '{"preset":"didh"}' })
  mapping?: string;

  @ApiPropertyOptional({ type: Boolean, default: false, description: '`true`: report only, write no recommendation (the job record and the stored file are kept).' })
  dryRun?: string;
}

/** The multipart form of `POST /imports/preview`. */
export class ImportPreviewUploadDto {
  @ApiPropertyOptional({ type: 'string', format: 'binary', description: 'The file (CSV, XLSX or UHRI JSON), as for `POST /imports`. Either the file or `uploadId`.' })
  file?: unknown;

  @ApiPropertyOptional({ format: 'uuid', description: 'An upload already stored: previewed again (another worksheet, another delimiter) without sending the file.' })
  uploadId?: string;

  @ApiPropertyOptional({ description: 'XLSX: the worksheet to read (default: the first).' })
  sheet?: string;

  @ApiPropertyOptional({ description: 'CSV: the delimiter (default: detected).', enum: [',', ';', '\t', '|'] })
  delimiter?: string;
}

export class ImportPreviewRowDto {
  @ApiProperty({ description: 'Row number as a spreadsheet shows it (header = 1); JSON: record position (1-based).' }) row: number;
  @ApiProperty({ type: [String], description: "The row's cells, in the order of `columns` (a list cell of a JSON file joined with \"; \")." }) cells: string[];
}

/** What `POST /imports/preview` read in the file, and the id to use it again. */
export class ImportPreviewDto {
  @ApiProperty({ format: 'uuid', description: 'The stored original: give it as `uploadId` to `POST /imports` (dry run, commit) instead of the file.' }) uploadId: string;
  @ApiProperty({ format: 'date-time', description: 'After this (24 h) the upload is gone: `POST /imports` with it answers 410; preview the file again.' }) expiresAt: string;
  @ApiProperty({ description: 'The uploaded file name (display only).' }) fileName: string;
  @ApiProperty({ description: 'SHA-256 of the bytes (hex).' }) sha256: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ enum: ['csv', 'xlsx', 'json'] }) format: string;
  @ApiProperty({ type: String, nullable: true, description: 'Detected encoding (CSV/JSON).' }) encoding: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Detected or given delimiter (CSV).' }) delimiter: string | null;
  @ApiProperty({ type: [String], description: "XLSX: the workbook's worksheets, in order; otherwise empty." }) sheets: string[];
  @ApiProperty({ type: String, nullable: true, description: 'XLSX: the worksheet read.' }) sheet: string | null;
  @ApiProperty({ type: [String], description: 'The columns (header row; JSON: the fields).' }) columns: string[];
  @ApiProperty({ description: 'Data rows in the file (or worksheet).' }) totalRows: number;
  @ApiProperty({ type: [ImportPreviewRowDto], description: 'The first rows (at most 20).' }) rows: ImportPreviewRowDto[];
}

export class ImportCountsDto {
  @ApiProperty({ description: 'Recommendations the import creates (created, once committed).' }) new: number;
  @ApiProperty({ description: 'Existing recommendations it changes (version + 1, one audit event each).' }) updated: number;
  @ApiProperty({ description: 'Existing recommendations found identical.' }) unchanged: number;
  @ApiProperty({ description: 'Rejected rows.' }) rejected: number;
  @ApiProperty({ description: 'Rows merged into another row of the same recommendation (duplicates: merge).' }) merged: number;
}

export class ImportRejectionDto {
  @ApiProperty({ description: 'Row number as a spreadsheet shows it (header = 1); JSON: record position (1-based).' }) row: number;
  @ApiProperty({ type: String, nullable: true, description: 'Source column, when the reason concerns one.' }) column: string | null;
  @ApiProperty({ enum: Object.values(ImportRowError), description: 'Reason code, for translation.' }) code: string;
  @ApiProperty({ description: 'The reason in English.' }) message: string;
  @ApiPropertyOptional({ description: 'The offending value.' }) value?: string;
}

export class NameCandidateDto {
  @ApiProperty({ description: 'The reference code (what `valueMappings` takes).' }) code: string;
  @ApiProperty({ description: 'Its name closest to the value.' }) name: string;
  @ApiProperty({ description: 'Similarity, 0…1 (1: the same words once case, accents, quotes, articles and feminine titles are ignored).' }) score: number;
}

export class UnknownLabelDto {
  @ApiProperty({ enum: TARGET_FIELDS }) field: string;
  @ApiProperty({ description: 'The value as the file writes it.' }) label: string;
  @ApiProperty({ description: 'Rows that use it.' }) rows: number;
  @ApiProperty({ type: [NameCandidateDto], description: 'The closest reference rows, best first (at most 3); map the value with `valueMappings`. Empty: none close, or too many distinct values to compare.' })
  candidates: NameCandidateDto[];
}

export class ParameterSuggestionDto {
  @ApiProperty() value: string;
  @ApiProperty({ description: 'Rows that suggest it.' }) rows: number;
}

/** A parameter of the upload (`defaults`): what the file does not say (for every row), with the file's own values as suggestions. */
export class ImportParameterDto {
  @ApiProperty({ enum: ['documentSymbol', 'cycle', 'session', 'stateUnderReview'] }) field: string;
  @ApiProperty({ type: String, nullable: true, description: "The upload's value (mapping.defaults), if any." }) value: string | null;
  @ApiProperty({ description: "Rows whose own cell gives no value (the upload's value applies)." }) rowsWithout: number;
  @ApiProperty({ type: [ParameterSuggestionDto], description: "The file's own values (its column, or a column that hints at it, e.g. the year of the review → the UPR cycle; the symbol of the review the rows fall in), most frequent first, at most 10." })
  suggestions: ParameterSuggestionDto[];
}

export class CreatedLabelDto {
  @ApiProperty({ enum: ['themes', 'affectedPersons', 'institutions'] }) field: string;
  @ApiProperty() code: string;
  @ApiProperty() label: string;
}

/** One field an import changes on an existing recommendation: its value before and after. */
export class ImportFieldChangeDto {
  @ApiProperty({ description: 'The field, named as in the audit trail: textAr, textFr, textEn, kind, documentSymbol, paragraph, externalCode, review, response, status, or a list: recommendingStateCodes, themeCodes, affectedPersonCodes, sdgTargetCodes, axisCodes, subAxisCodes, institutionCodes.' })
  field: string;
  @ApiProperty({ anyOf: [{ type: 'string', nullable: true }, { type: 'array', items: { type: 'string' }, nullable: true }], description: 'The stored value (a review by its code; lists as sorted codes; a long text as the excerpt around what differs).' })
  before: string | string[] | null;
  @ApiProperty({ anyOf: [{ type: 'string', nullable: true }, { type: 'array', items: { type: 'string' }, nullable: true }], description: 'The value after the import, in the same form.' })
  after: string | string[] | null;
  @ApiPropertyOptional({ description: 'true: a long text, cut to the part that differs (an ellipsis marks each cut).' })
  excerpt?: boolean;
}

export class ImportChangeDto {
  @ApiProperty({ type: [Number] }) rows: number[];
  @ApiProperty({ enum: ['new', 'updated'] }) action: 'new' | 'updated';
  @ApiProperty({ type: String, nullable: true }) recommendationId: string | null;
  @ApiProperty({ type: String, nullable: true }) citation: string | null;
  @ApiProperty({ type: [String], description: 'Fields that change.' }) fields: string[];
  @ApiPropertyOptional({ type: [ImportFieldChangeDto], description: 'Updated recommendations (the first 200 listed): each changed field with its value before and after.' })
  changes?: ImportFieldChangeDto[];
}

export class ImportReportDto {
  @ApiProperty({ type: [ImportRejectionDto], description: 'Every rejected row (at most 5,000 listed; `rejectionsTruncated` says when more).' }) rejections: ImportRejectionDto[];
  @ApiProperty() rejectionsTruncated: boolean;
  @ApiProperty({ type: [UnknownLabelDto], description: 'Distinct values not matched to reference data, most used first (at most 200 listed; `unknownLabelsMore` says how many others).' }) unknownLabels: UnknownLabelDto[];
  @ApiPropertyOptional({ description: 'Distinct unmatched values beyond those listed.' }) unknownLabelsMore?: number;
  @ApiPropertyOptional({ type: [ImportParameterDto], description: 'The parameters an upload may give (document symbol, cycle, session, state under review), with suggestions from the file.' })
  parameters?: ImportParameterDto[];
  @ApiProperty({ type: [CreatedLabelDto], description: 'Labels created (createUnknown).' }) createdLabels: CreatedLabelDto[];
  @ApiProperty({ type: [String], description: 'Review codes created.' }) createdReviews: string[];
  @ApiProperty({ type: [ImportChangeDto], description: 'New and updated recommendations (at most 1,000 listed).' }) changes: ImportChangeDto[];
}

export class ImportErrorInfoDto {
  @ApiProperty() code: string;
  @ApiProperty() message: string;
}

export class ImportActorDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
}

export class ImportJobDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: ImportActorDto, nullable: true }) createdBy: ImportActorDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt: string | null;
  @ApiProperty({ description: 'The uploaded file name (display only).' }) fileName: string;
  @ApiProperty({ description: 'SHA-256 of the uploaded bytes (hex).' }) sha256: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ enum: ['csv', 'xlsx', 'json'] }) format: string;
  @ApiProperty({ type: String, nullable: true, description: 'Detected encoding (CSV/JSON).' }) encoding: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Detected or given delimiter (CSV).' }) delimiter: string | null;
  @ApiProperty({ type: ImportMappingDto, description: 'The mapping as run (preset merged).' }) mapping: ImportMappingDto;
  @ApiProperty() dryRun: boolean;
  @ApiProperty({
    enum: IMPORT_STATUSES,
    description: '`running` (commit in progress), `succeeded` (dry run done, or committed), `rejected` (commit refused: rows rejected; nothing written), `failed` (error or server stop during the commit; nothing written).',
  })
  status: ImportStatus;
  @ApiProperty({ description: 'Data rows in the file.' }) totalRows: number;
  @ApiProperty({ description: 'Rows processed so far (progress of a running commit).' }) processedRows: number;
  @ApiProperty({ type: ImportCountsDto }) counts: ImportCountsDto;
  @ApiProperty({ type: ImportErrorInfoDto, nullable: true }) error: ImportErrorInfoDto | null;
}

export class ImportJobDetailDto extends ImportJobDto {
  @ApiProperty({ type: ImportReportDto }) report: ImportReportDto;
}

export class ImportJobListDto {
  @ApiProperty({ type: [ImportJobDto] }) items: ImportJobDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ImportPresetDto {
  @ApiProperty({ enum: PRESET_NAMES }) name: PresetName;
  @ApiProperty() description: string;
  @ApiProperty({ enum: ['csv', 'xlsx', 'json'], isArray: true }) formats: string[];
  @ApiProperty({ type: ImportMappingDto }) mapping: ImportMappingDto;
}

export class ImportPresetListDto {
  @ApiProperty({ type: [ImportPresetDto] }) items: ImportPresetDto[];
  @ApiProperty({ enum: Object.values(ImportFileError), isArray: true, description: 'Error codes of a refused file (4xx `code`).' }) fileErrorCodes: string[];
  @ApiProperty({ enum: Object.values(ImportRowError), isArray: true, description: 'Reason codes of a rejected row.' }) rowErrorCodes: string[];
}
