/** The report pages, as the router mounts them (inside the authenticated layout); each page is its own chunk. */
import type { RouteObject } from 'react-router';
import { Permission } from '@sidh/domain';
import { lazyPage } from '../../app/lazy-page';
import { RoutePath } from '../../app/routes';
import { RequireReportPermission } from './components/ReportsRefused';

export const reportRoutes: RouteObject[] = [
  {
    path: RoutePath.Reports,
    ...lazyPage(() => import('./pages/ReportsPage'), (m) => <RequireReportPermission permission={Permission.ReportRead}><m.ReportsPage /></RequireReportPermission>),
  },
  {
    path: RoutePath.NewReport,
    ...lazyPage(() => import('./pages/NewReportPage'), (m) => <RequireReportPermission permission={Permission.ReportGenerate}><m.NewReportPage /></RequireReportPermission>),
  },
  {
    path: RoutePath.Report,
    ...lazyPage(() => import('./pages/ReportPage'), (m) => <RequireReportPermission permission={Permission.ReportRead}><m.ReportPage /></RequireReportPermission>),
  },
];
