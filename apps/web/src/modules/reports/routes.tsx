/** The report pages, as the router mounts them (inside the authenticated layout). */
import type { RouteObject } from 'react-router';
import { Permission } from '@sidh/domain';
import { RoutePath } from '../../app/routes';
import { RequireReportPermission } from './components/ReportsRefused';
import { NewReportPage } from './pages/NewReportPage';
import { ReportPage } from './pages/ReportPage';
import { ReportsPage } from './pages/ReportsPage';

export const reportRoutes: RouteObject[] = [
  { path: RoutePath.Reports, element: <RequireReportPermission permission={Permission.ReportRead}><ReportsPage /></RequireReportPermission> },
  { path: RoutePath.NewReport, element: <RequireReportPermission permission={Permission.ReportGenerate}><NewReportPage /></RequireReportPermission> },
  { path: RoutePath.Report, element: <RequireReportPermission permission={Permission.ReportRead}><ReportPage /></RequireReportPermission> },
];
