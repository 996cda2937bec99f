import { useParams } from 'react-router';
import { RecommendationReporting } from '../modules/assignments/components/RecommendationReporting';
import { RecommendationView } from '../modules/recommendations/components/RecommendationView';

export function RecommendationPage() {
  const { id = '' } = useParams();
  return (
    <>
      <RecommendationView key={id} id={id} />
      <RecommendationReporting key={`reporting-${id}`} recommendationId={id} />
    </>
  );
}
