import { HttpStatus } from '@nestjs/common';
import { FINAL_CONTRIBUTION_STATUSES, EDITABLE_CONTRIBUTION_STATUSES, type ContributionAction, type ContributionStatus } from '@sidh/domain';
import { AppException, ErrorCode } from '../../common/app-exception.js';

/** The codes of the contribution workflow and of evidence uploads (declared in @sidh/domain, shared with the SPA). */
export const ContributionError = {
  IllegalTransition: ErrorCode.ContributionIllegalTransition,
  Locked: ErrorCode.ContributionLocked,
  NotEditable: ErrorCode.ContributionNotEditable,
  EvidenceUnsupportedType: ErrorCode.EvidenceUnsupportedType,
  EvidenceTypeMismatch: ErrorCode.EvidenceTypeMismatch,
} as const;
export type ContributionError = (typeof ContributionError)[keyof typeof ContributionError];

const STATUS: Record<ContributionError, HttpStatus> = {
  [ContributionError.IllegalTransition]: HttpStatus.CONFLICT,
  [ContributionError.Locked]: HttpStatus.CONFLICT,
  [ContributionError.NotEditable]: HttpStatus.CONFLICT,
  [ContributionError.EvidenceUnsupportedType]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [ContributionError.EvidenceTypeMismatch]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
};

/** A refused contribution or evidence change; carries its own code and status. */
export class ContributionException extends AppException {
  constructor(code: ContributionError, message: string, details?: Record<string, unknown>) {
    super(STATUS[code], code, message, details);
  }
}

/** 409 `contribution.illegal_transition`: no such step from this status (the details list what the caller may do). */
export const illegalTransition = (status: ContributionStatus, action: ContributionAction, availableActions: ContributionAction[]): ContributionException =>
  new ContributionException(ContributionError.IllegalTransition, `Cannot ${action} a ${status} contribution`, { status, action, availableActions });

/**
 * 409 unless the content (or its evidence) may change in this status: `contribution.locked` once
 * validated, `contribution.not_editable` while submitted or approved.
 */
export function assertContributionEditable(status: ContributionStatus, what: 'content' | 'evidence'): void {
  if (FINAL_CONTRIBUTION_STATUSES.includes(status)) throw new ContributionException(ContributionError.Locked, 'A validated contribution is locked', { status });
  if (!EDITABLE_CONTRIBUTION_STATUSES.includes(status)) {
    const message = what === 'content' ? `A ${status} contribution cannot be edited` : `Evidence of a ${status} contribution cannot change`;
    throw new ContributionException(ContributionError.NotEditable, message, { status });
  }
}

/** 415: the file is not an accepted type, or its content does not match its extension. */
export const evidenceTypeRefused = (reason: 'unsupported' | 'mismatch'): ContributionException =>
  reason === 'unsupported'
    ? new ContributionException(ContributionError.EvidenceUnsupportedType, 'Accepted files: PDF, DOCX, XLSX, ODT, PNG, JPEG')
    : new ContributionException(ContributionError.EvidenceTypeMismatch, 'The file content does not match its extension');
