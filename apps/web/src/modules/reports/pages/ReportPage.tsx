import { useParams } from 'react-router';
import { ReportEditor } from '../components/ReportEditor';

export function ReportPage() {
  const { id = '' } = useParams();
  return <ReportEditor key={id} id={id} />;
}
