export const ROLES = ['admin', 'coordinator', 'validator', 'focal_point', 'auditor'] as const;
export type Role = (typeof ROLES)[number];
