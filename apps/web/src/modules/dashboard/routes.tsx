/** The dashboard, as the router mounts it (inside the authenticated layout); its own chunk, with the chart library. */
import type { RouteObject } from 'react-router';
import { Permission } from '@sidh/domain';
import { lazyPage } from '../../app/lazy-page';
import { RoutePath } from '../../app/routes';

export const dashboardRoutes: RouteObject[] = [
  { path: RoutePath.Dashboard, ...lazyPage(() => import('./pages/DashboardPage'), (m) => <m.DashboardPage />, Permission.RecommendationRead) },
];
