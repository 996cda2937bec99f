/** The account pages (issue 13): the signed-in account page, and the two pages one reaches signed out. */
import type { RouteObject } from 'react-router';
import { Permission } from '@sidh/domain';
import { FullPageLoader } from '../../app/layout/guards';
import { lazyPage } from '../../app/lazy-page';
import { RoutePath } from '../../app/routes';

/** Inside the authenticated layout. */
export const accountRoutes: RouteObject[] = [{ path: RoutePath.Account, ...lazyPage(() => import('./pages/AccountPage'), (m) => <m.AccountPage />, Permission.SessionRead) }];

/** Outside it (no session needed). */
export const accountPublicRoutes: RouteObject[] = [
  { path: RoutePath.ForgotPassword, ...lazyPage(() => import('./pages/ForgotPasswordPage'), (m) => <m.ForgotPasswordPage />), hydrateFallbackElement: <FullPageLoader /> },
  { path: RoutePath.PasswordReset, ...lazyPage(() => import('./pages/ResetPasswordPage'), (m) => <m.ResetPasswordPage />), hydrateFallbackElement: <FullPageLoader /> },
];
