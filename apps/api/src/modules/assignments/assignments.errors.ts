import { HttpStatus } from '@nestjs/common';
import { AppException, ErrorCode } from '../../common/app-exception.js';

/** The refusals that belong to assignments (codes declared in @sidh/domain). */
export const AssignmentErrors = {
  /** 409: the recommendation is already given to that institution (one assignment per pair). */
  alreadyAssigned: (): AppException => new AppException(HttpStatus.CONFLICT, ErrorCode.Conflict, 'The recommendation is already assigned to this institution'),

  /** 409 `assignment.has_contributions`: contributions are history and keep their assignment. */
  hasContributions: (contributionCount: number): AppException =>
    new AppException(HttpStatus.CONFLICT, ErrorCode.AssignmentHasContributions, 'The assignment has contributions; reassign it instead', { contributionCount }),

  /** 400: a recommendation or institution named in the body does not exist. */
  unknown: (field: 'recommendationId' | 'institutionId'): AppException => AppException.validation({ [field]: 'validation.unknownCode' }),

  /** 400: a bulk assignment names neither a filter nor recommendation ids. */
  noSource: (): AppException => AppException.validation({ filter: 'validation.required' }),
};
