/** Who did it, from where: carried from the request into every audit event. */
export interface AuditActor {
  userId: string | null;
  role: string | null;
  institutionId: string | null;
  requestId: string | null;
  ip: string | null;
}

/** Start-up, seeding, scheduled jobs and the CLI. */
export const SYSTEM_ACTOR: AuditActor = { userId: null, role: 'system', institutionId: null, requestId: null, ip: null };
