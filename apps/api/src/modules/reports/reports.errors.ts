import { HttpStatus } from '@nestjs/common';
import { ReportPlanError, ReportPlanErrorCode } from '@sidh/domain';
import { AppException, ErrorCode } from '../../common/app-exception.js';

/** The codes of report generation (declared in @sidh/domain, shared with the SPA). */
export const ReportError = {
  EmptySelection: ErrorCode.ReportEmptySelection,
  DuplicateItem: ErrorCode.ReportDuplicateItem,
  ItemsOutsideBody: ErrorCode.ReportItemsOutsideBody,
  OverLimitUnconfirmed: ErrorCode.ReportOverLimitUnconfirmed,
} as const;
export type ReportError = (typeof ReportError)[keyof typeof ReportError];

const STATUS: Record<ReportError, HttpStatus> = {
  [ReportError.EmptySelection]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ReportError.DuplicateItem]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ReportError.ItemsOutsideBody]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ReportError.OverLimitUnconfirmed]: HttpStatus.UNPROCESSABLE_ENTITY,
};

/** A refused report request: its code, its status, and `details.field`, the request field it is about. */
export class ReportException extends AppException {
  constructor(code: ReportError, message: string, field: string, details: Record<string, unknown> = {}) {
    super(STATUS[code], code, message, { field, ...details });
  }
}

/** 422 `report.items_outside_body`: the ids of the selected items that belong to another body. */
export const itemsOutsideBody = (field: string, itemIds: readonly string[]): ReportException =>
  new ReportException(ReportError.ItemsOutsideBody, 'Some selected items belong to another body than the report’s', field, { itemIds });

/** 422 `report.over_limit_unconfirmed`: nothing was finalised. */
export const overLimitUnconfirmed = (words: number, wordLimit: number): ReportException =>
  new ReportException(ReportError.OverLimitUnconfirmed, `The report has ${words} words, over its limit of ${wordLimit}: confirm to finalise it`, 'confirmOverLimit', { words, wordLimit });

const PLAN_ERRORS: Record<ReportPlanErrorCode, ReportError> = {
  [ReportPlanErrorCode.EmptySelection]: ReportError.EmptySelection,
  [ReportPlanErrorCode.DuplicateItem]: ReportError.DuplicateItem,
};

/** The planner's refusal as the API answers it (422, naming the selection field); anything else unchanged. */
export function fromPlanError(error: unknown, field: string): unknown {
  return error instanceof ReportPlanError ? new ReportException(PLAN_ERRORS[error.code], error.message, field) : error;
}
