import { SetMetadata } from '@nestjs/common';

export const ALLOW_DURING_TOTP_ENROLMENT = 'sidh:allow-during-totp-enrolment';

/**
 * The route stays open to a session whose role requires two-factor sign-in before it is set up
 * (AUTH_TOTP_REQUIRED_ROLES): profile, sign-out, the account page and the enrolment itself.
 * Every other route answers 403 auth.totp_enrolment_required to such a session.
 */
export const AllowDuringTotpEnrolment = () => SetMetadata(ALLOW_DURING_TOTP_ENROLMENT, true);
