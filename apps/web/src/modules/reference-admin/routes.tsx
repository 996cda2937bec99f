/** The reference data administration, as the router mounts it (inside the authenticated layout); its own chunk. */
import type { RouteObject } from 'react-router';
import { Permission } from '@sidh/domain';
import { lazyPage } from '../../app/lazy-page';
import { RoutePath } from '../../app/routes';

export const referenceAdminRoutes: RouteObject[] = [
  { path: RoutePath.ReferenceAdmin, ...lazyPage(() => import('./pages/ReferenceAdminPage'), (m) => <m.ReferenceAdminPage />, Permission.ReferenceManage) },
];
