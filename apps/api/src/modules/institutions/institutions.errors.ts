import { HttpStatus } from '@nestjs/common';
import { InstitutionAdminError, type MergeRefusalReason } from '@sidh/domain';
import { AppException } from '../../common/app-exception.js';

export { InstitutionAdminError };

/** Code → status, exhaustive: a new code does not compile until it has its status. */
const STATUS: Record<InstitutionAdminError, HttpStatus> = {
  'institution.code_taken': HttpStatus.CONFLICT,
  'institution.parent_cycle': HttpStatus.UNPROCESSABLE_ENTITY,
  'institution.inactive': HttpStatus.CONFLICT,
  'institution.merge_refused': HttpStatus.CONFLICT,
  'institution.merge_conflict': HttpStatus.CONFLICT,
  'institution.email_domain': HttpStatus.UNPROCESSABLE_ENTITY,
  'institution.designation_invalid': HttpStatus.UNPROCESSABLE_ENTITY,
};

/** A refusal of institution administration; its status follows from its code. */
export class InstitutionException extends AppException {
  constructor(code: InstitutionAdminError, message: string, details?: Record<string, unknown>) {
    super(STATUS[code], code, message, details);
  }
}

export const InstitutionErrors = {
  codeTaken: (code: string) => new InstitutionException(InstitutionAdminError.CodeTaken, 'Another institution has this code', { field: 'code', code }),
  parentCycle: () => new InstitutionException(InstitutionAdminError.ParentCycle, 'The parent is the institution itself or one of its descendants', { field: 'parentId' }),
  inactive: (institutionIds: readonly string[]) =>
    new InstitutionException(InstitutionAdminError.Inactive, 'The institution is deactivated: it gets no new assignment, campaign, invitation or designation', { institutionIds }),
  mergeRefused: (reason: MergeRefusalReason) => new InstitutionException(InstitutionAdminError.MergeRefused, `The merge is not possible (${reason})`, { reason }),
  mergeConflict: (conflicts: readonly unknown[]) =>
    new InstitutionException(InstitutionAdminError.MergeConflict, 'Both institutions wrote a contribution for the same recommendation in the same campaign', { conflicts }),
  emailDomain: (domains: readonly string[]) =>
    new InstitutionException(InstitutionAdminError.EmailDomain, "The e-mail address is outside the institution's domains", { field: 'email', domains }),
  designationInvalid: (userIds: readonly string[]) =>
    new InstitutionException(InstitutionAdminError.DesignationInvalid, 'Only active focal points of the institution can be designated', { userIds }),
};
