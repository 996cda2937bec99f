import { useParams } from 'react-router';
import { CampaignView } from '../modules/campaigns/components/CampaignView';

export function CampaignPage() {
  const { id = '' } = useParams();
  return <CampaignView key={id} id={id} />;
}
