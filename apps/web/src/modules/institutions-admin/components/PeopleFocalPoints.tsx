import { Card } from '@mantine/core';
import { Permission } from '@sidh/domain';
import { useAuth } from '../../../app/auth';
import { useInstitutionDetail } from '../hooks/use-institutions-admin';
import { FocalPointsEditor } from './FocalPointsEditor';

/** The focal-point designation on the people page: editable by those who may designate (admin, coordinator). */
export function PeopleFocalPoints({ institutionId }: { institutionId: string }) {
  const { can } = useAuth();
  const detail = useInstitutionDetail(institutionId);
  if (!detail.data) return null;
  return (
    <Card data-testid="people-focal-points">
      <FocalPointsEditor institution={detail.data} editable={detail.data.active && can(Permission.FocalPointDesignate)} />
    </Card>
  );
}
