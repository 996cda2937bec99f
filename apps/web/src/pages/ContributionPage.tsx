import { useParams } from 'react-router';
import { ContributionWorkspace } from '../modules/contributions/components/ContributionWorkspace';

export function ContributionPage() {
  const { id = '' } = useParams();
  return <ContributionWorkspace key={id} id={id} />;
}
