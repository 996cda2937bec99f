/** The users administration, as the router mounts it (inside the authenticated layout). */
import type { RouteObject } from 'react-router';
import { Permission } from '@sidh/domain';
import { lazyPage } from '../../app/lazy-page';
import { RoutePath } from '../../app/routes';

export const usersAdminRoutes: RouteObject[] = [
  { path: RoutePath.Users, ...lazyPage(() => import('./pages/UsersAdminPage'), (m) => <m.UsersAdminPage />, Permission.AccountManage) },
];
