import { Navigate, type RouteObject } from 'react-router';
import { Permission } from '@sidh/domain';
import { AppLayout } from './layout/AppLayout';
import { RequireAuth, RequirePermission } from './layout/guards';
import { RoutePath } from './routes';
import { AuditPage } from '../pages/AuditPage';
import { ImportsPage } from '../pages/ImportsPage';
import { ImportWizardPage } from '../pages/ImportWizardPage';
import { LoginPage } from '../pages/LoginPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { RecommendationPage } from '../pages/RecommendationPage';
import { RecommendationsPage } from '../pages/RecommendationsPage';

export const routes: RouteObject[] = [
  { path: RoutePath.Login, element: <LoginPage /> },
  {
    path: RoutePath.Home,
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Navigate to={RoutePath.Recommendations} replace /> },
      { path: RoutePath.Recommendations, element: <RecommendationsPage /> },
      { path: RoutePath.Recommendation, element: <RecommendationPage /> },
      {
        path: RoutePath.Audit,
        element: (
          <RequirePermission permission={Permission.AuditRead}>
            <AuditPage />
          </RequirePermission>
        ),
      },
      {
        path: RoutePath.Imports,
        element: (
          <RequirePermission permission={Permission.ImportRun}>
            <ImportsPage />
          </RequirePermission>
        ),
      },
      {
        path: RoutePath.ImportNew,
        element: (
          <RequirePermission permission={Permission.ImportRun}>
            <ImportWizardPage />
          </RequirePermission>
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
