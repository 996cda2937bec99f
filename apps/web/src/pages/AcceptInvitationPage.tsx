import { AcceptInvitation } from '../modules/people/components/AcceptInvitation';

export function AcceptInvitationPage() {
  return <AcceptInvitation />;
}
