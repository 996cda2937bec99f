import type { Request } from 'express';
import type { Locale, Role } from '@sidh/domain';

/** The caller, re-read from the database on every request (role and institution changes apply at once). */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  institutionId: string | null;
  locale: Locale;
  sessionId: string;
  /** The role requires two-factor sign-in and it is not on: only the routes marked @AllowDuringTotpEnrolment() are open. */
  totpEnrolmentRequired?: boolean;
}

export type AuthenticatedRequest = Request & { user?: AuthUser; id?: string };
