import { HttpStatus } from '@nestjs/common';
import type { ValidationMessageKey } from '@sidh/domain';
import { AppException, ErrorCode } from '../../common/app-exception.js';

/** The refusals of the reference administration; each names the field at fault. */
export const ReferenceErrors = {
  /** 400: a field's value is not acceptable (unknown body or axis, a cycle outside the UPR, a year that is not the date's). */
  invalid: (field: string, key: ValidationMessageKey = 'validation.invalid'): AppException => AppException.validation({ [field]: key }),

  /** 409: a code or document symbol already used (`details.field` names it). */
  duplicate: (field: 'code' | 'documentSymbol'): AppException =>
    new AppException(HttpStatus.CONFLICT, ErrorCode.Conflict, field === 'code' ? 'This code is already used' : 'This document symbol is already used by another review', { field }),
};
