import { Navigate, type RouteObject } from 'react-router';
import { Permission } from '@sidh/domain';
import { AppLayout } from './layout/AppLayout';
import { RequireAuth, RequirePermission } from './layout/guards';
import { RoutePath } from './routes';
import { AuditPage } from '../pages/AuditPage';
import { AcceptInvitationPage } from '../pages/AcceptInvitationPage';
import { CampaignPage } from '../pages/CampaignPage';
import { CampaignsPage } from '../pages/CampaignsPage';
import { ContributionPage } from '../pages/ContributionPage';
import { MyWorkPage } from '../pages/MyWorkPage';
import { NewCampaignPage } from '../pages/NewCampaignPage';
import { NotificationsPage } from '../pages/NotificationsPage';
import { PeoplePage } from '../pages/PeoplePage';
import { ReviewQueuePage } from '../pages/ReviewQueuePage';
import { ImportsPage } from '../pages/ImportsPage';
import { ImportWizardPage } from '../pages/ImportWizardPage';
import { LoginPage } from '../pages/LoginPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { RecommendationPage } from '../pages/RecommendationPage';
import { RecommendationsPage } from '../pages/RecommendationsPage';
import { reportRoutes } from '../modules/reports/routes';

export const routes: RouteObject[] = [
  { path: RoutePath.Login, element: <LoginPage /> },
  { path: RoutePath.AcceptInvitation, element: <AcceptInvitationPage /> },
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
      // Implementation reporting (issue 4).
      { path: RoutePath.MyWork, element: <RequirePermission permission={Permission.ContributionWrite}><MyWorkPage /></RequirePermission> },
      { path: RoutePath.Validation, element: <RequirePermission permission={Permission.ContributionApprove}><ReviewQueuePage scope="institution" /></RequirePermission> },
      { path: RoutePath.Review, element: <RequirePermission permission={Permission.ContributionValidate}><ReviewQueuePage scope="all" /></RequirePermission> },
      { path: RoutePath.Contribution, element: <RequirePermission permission={Permission.ContributionRead}><ContributionPage /></RequirePermission> },
      { path: RoutePath.Campaigns, element: <RequirePermission permission={Permission.CampaignRead}><CampaignsPage /></RequirePermission> },
      { path: RoutePath.NewCampaign, element: <RequirePermission permission={Permission.CampaignManage}><NewCampaignPage /></RequirePermission> },
      { path: RoutePath.Campaign, element: <RequirePermission permission={Permission.CampaignRead}><CampaignPage /></RequirePermission> },
      { path: RoutePath.Notifications, element: <RequirePermission permission={Permission.NotificationRead}><NotificationsPage /></RequirePermission> },
      // Reports to the UN (issue 9).
      ...reportRoutes,
      { path: RoutePath.People, element: <RequirePermission permission={Permission.UserInvite}><PeoplePage /></RequirePermission> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
