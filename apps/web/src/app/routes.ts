/** Every route path of the SPA, in one place. */
export enum RoutePath {
  Login = '/login',
  Home = '/',
  Recommendations = '/recommendations',
  Recommendation = '/recommendations/:id',
  Audit = '/audit',
  MyWork = '/my-work',
  Validation = '/validation',
  Review = '/review',
  Contribution = '/contributions/:id',
  Campaigns = '/campaigns',
  NewCampaign = '/campaigns/new',
  Campaign = '/campaigns/:id',
  Notifications = '/notifications',
  People = '/people',
  Users = '/users',
  AcceptInvitation = '/invitations/accept',
  /** Accounts (issue 13). */
  Account = '/account',
  ForgotPassword = '/forgot-password',
  PasswordReset = '/password-reset',
  Imports = '/imports',
  ImportNew = '/imports/new',
  Reports = '/reports',
  NewReport = '/reports/new',
  Report = '/reports/:id',
  Dashboard = '/dashboard',
  InstitutionsAdmin = '/institutions',
  ReferenceAdmin = '/admin/reference',
  Settings = '/admin/settings',
}

export function recommendationPath(id: string): string {
  return RoutePath.Recommendation.replace(':id', encodeURIComponent(id));
}

export function contributionPath(id: string): string {
  return RoutePath.Contribution.replace(':id', encodeURIComponent(id));
}

export function campaignPath(id: string): string {
  return RoutePath.Campaign.replace(':id', encodeURIComponent(id));
}

export function reportPath(id: string): string {
  return RoutePath.Report.replace(':id', encodeURIComponent(id));
}
