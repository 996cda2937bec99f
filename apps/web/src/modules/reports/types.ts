/**
 * The report shapes, all derived from the client generated from the API's OpenAPI document (none written
 * by hand). They could join `app/api-types.ts`; they live here while the reports module is the only reader.
 */
import type { Schemas } from '@sidh/api-client';
import type { QueryOf } from '../../app/api-types';

export type ReportSummary = Schemas['ReportSummaryDto'];
export type ReportList = Schemas['ReportListDto'];
export type ReportQuery = QueryOf<'/api/v1/reports'>;
export type ReportDetail = Schemas['ReportDetailDto'];
export type ReportSection = Schemas['ReportSectionDto'];
export type ReportVersion = Schemas['ReportVersionDto'];
export type FinalisedReport = Schemas['FinalisedReportDto'];
export type CreateReport = Schemas['CreateReportDto'];
export type UpdateReport = Schemas['UpdateReportDto'];
export type UpdateReportSection = Schemas['UpdateReportSectionDto'];
export type SectionRefresh = Schemas['SectionRefreshDto'];
export type SourceChange = Schemas['SourceChangeDto'];
