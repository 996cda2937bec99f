import { Navigate, type RouteObject } from 'react-router';
import { Permission } from '@sidh/domain';
import { FullPageLoader, RequireAuth } from './layout/guards';
import { lazyPage } from './lazy-page';
import { RoutePath } from './routes';
import { LoginPage } from '../pages/LoginPage';
import { reportRoutes } from '../modules/reports/routes';
import { dashboardRoutes } from '../modules/dashboard/routes';
import { accountPublicRoutes, accountRoutes } from '../modules/account/routes';
import { referenceAdminRoutes } from '../modules/reference-admin/routes';
import { settingsRoutes } from '../modules/settings/routes';
import { usersAdminRoutes } from '../modules/users-admin/routes';

// Every page but the login page is its own chunk (see lazyPage), and so is the signed-in layout:
// the first load is what the login page needs.
export const routes: RouteObject[] = [
  { path: RoutePath.Login, element: <LoginPage /> },
  // Forgotten password and reset link (issue 13).
  ...accountPublicRoutes,
  {
    path: RoutePath.AcceptInvitation,
    ...lazyPage(() => import('../pages/AcceptInvitationPage'), (m) => <m.AcceptInvitationPage />),
    hydrateFallbackElement: <FullPageLoader />,
  },
  {
    path: RoutePath.Home,
    // The shell's notification bell shows the reporting strings (the navigation's labels are at start).
    ...lazyPage(
      () => import('./layout/AppLayout'),
      (m) => (
        <RequireAuth>
          <m.AppLayout />
        </RequireAuth>
      ),
      undefined,
      ['reporting'],
    ),
    hydrateFallbackElement: <FullPageLoader />,
    children: [
      { index: true, element: <Navigate to={RoutePath.Recommendations} replace /> },
      // The first page after sign-in: only the strings it shows (export, reporting actions, the new
      // recommendation form), not every feature's.
      { path: RoutePath.Recommendations, ...lazyPage(() => import('../pages/RecommendationsPage'), (m) => <m.RecommendationsPage />, undefined, ['imports', 'reporting', 'workflow']) },
      { path: RoutePath.Recommendation, ...lazyPage(() => import('../pages/RecommendationPage'), (m) => <m.RecommendationPage />) },
      { path: RoutePath.Audit, ...lazyPage(() => import('../pages/AuditPage'), (m) => <m.AuditPage />, Permission.AuditRead) },
      { path: RoutePath.Imports, ...lazyPage(() => import('../pages/ImportsPage'), (m) => <m.ImportsPage />, Permission.ImportRun) },
      { path: RoutePath.ImportNew, ...lazyPage(() => import('../pages/ImportWizardPage'), (m) => <m.ImportWizardPage />, Permission.ImportRun) },
      // Implementation reporting (issue 4).
      { path: RoutePath.MyWork, ...lazyPage(() => import('../pages/MyWorkPage'), (m) => <m.MyWorkPage />, Permission.ContributionWrite) },
      { path: RoutePath.Validation, ...lazyPage(() => import('../pages/ReviewQueuePage'), (m) => <m.ReviewQueuePage scope="institution" />, Permission.ContributionApprove) },
      { path: RoutePath.Review, ...lazyPage(() => import('../pages/ReviewQueuePage'), (m) => <m.ReviewQueuePage scope="all" />, Permission.ContributionValidate) },
      { path: RoutePath.Contribution, ...lazyPage(() => import('../pages/ContributionPage'), (m) => <m.ContributionPage />, Permission.ContributionRead) },
      { path: RoutePath.Campaigns, ...lazyPage(() => import('../pages/CampaignsPage'), (m) => <m.CampaignsPage />, Permission.CampaignRead) },
      { path: RoutePath.NewCampaign, ...lazyPage(() => import('../pages/NewCampaignPage'), (m) => <m.NewCampaignPage />, Permission.CampaignManage) },
      { path: RoutePath.Campaign, ...lazyPage(() => import('../pages/CampaignPage'), (m) => <m.CampaignPage />, Permission.CampaignRead) },
      { path: RoutePath.Notifications, ...lazyPage(() => import('../pages/NotificationsPage'), (m) => <m.NotificationsPage />, Permission.NotificationRead) },
      // Reports to the UN (issue 9).
      ...reportRoutes,
      // Dashboards (issue 12).
      ...dashboardRoutes,
      // The signed-in user's account (issue 13).
      ...accountRoutes,
      // Reference data and settings administration (issue 13).
      ...referenceAdminRoutes,
      ...settingsRoutes,
      // Users administration (issue 13).
      ...usersAdminRoutes,
      { path: RoutePath.People, ...lazyPage(() => import('../pages/PeoplePage'), (m) => <m.PeoplePage />, Permission.UserInvite) },
      { path: RoutePath.InstitutionsAdmin, ...lazyPage(() => import('../pages/InstitutionsAdminPage'), (m) => <m.InstitutionsAdminPage />, Permission.InstitutionManage) },
      { path: '*', ...lazyPage(() => import('../pages/NotFoundPage'), (m) => <m.NotFoundPage />) },
    ],
  },
];
