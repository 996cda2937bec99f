/** The settings page, as the router mounts it (inside the authenticated layout); its own chunk. */
import type { RouteObject } from 'react-router';
import { Permission } from '@sidh/domain';
import { lazyPage } from '../../app/lazy-page';
import { RoutePath } from '../../app/routes';

export const settingsRoutes: RouteObject[] = [
  { path: RoutePath.Settings, ...lazyPage(() => import('./pages/SettingsPage'), (m) => <m.SettingsPage />, Permission.SettingsManage) },
];
