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
}

export type AuthenticatedRequest = Request & { user?: AuthUser; id?: string };
