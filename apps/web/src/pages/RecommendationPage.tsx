import { useParams } from 'react-router';
import { RecommendationView } from '../modules/recommendations/components/RecommendationView';

export function RecommendationPage() {
  const { id = '' } = useParams();
  return <RecommendationView key={id} id={id} />;
}
