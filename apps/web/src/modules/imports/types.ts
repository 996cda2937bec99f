/**
 * Shapes of the import/export API, from the client generated from the API's OpenAPI document
 * (`@sidh/api-client`). Only what the document leaves untyped (error `details`) is written here.
 */
import type { Schemas } from '@sidh/api-client';

export type ImportMapping = Schemas['ImportMappingDto'];
export type FieldMapping = Schemas['FieldMappingDto'];
export type ImportPreset = Schemas['ImportPresetDto'];
export type ImportPresetList = Schemas['ImportPresetListDto'];
export type ImportJob = Schemas['ImportJobDto'];
export type ImportJobDetail = Schemas['ImportJobDetailDto'];
export type ImportJobList = Schemas['ImportJobListDto'];
export type ImportCounts = Schemas['ImportCountsDto'];
export type ImportRejection = Schemas['ImportRejectionDto'];
export type ImportReport = Schemas['ImportReportDto'];
export type UnknownLabel = Schemas['UnknownLabelDto'];
export type PresetName = ImportMapping['preset'];
export type TargetField = keyof NonNullable<ImportMapping['fields']>;
export type ScalarTarget = keyof NonNullable<ImportMapping['defaults']>;
export type CreatableTarget = NonNullable<ImportMapping['createUnknown']>[number];
export type ImportStatus = ImportJob['status'];

/** `details` of `import.mapping_unknown_column` / `import.missing_required_column`. */
export interface UnknownColumnDetails {
  field: string;
  column: string;
  columns: string[];
}

/** `details` of `import.rows_rejected` (a commit refused whole). */
export interface RowsRejectedDetails {
  importId: string;
  counts: ImportCounts;
  report: ImportReport;
}
