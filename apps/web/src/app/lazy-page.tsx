import type { ReactElement } from 'react';
import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RouteObject } from 'react-router';
import type { Permission } from '@sidh/domain';
import { RequirePermission } from './layout/guards';
import { ensureStrings } from './strings';

/** Shown in the page's place while its chunk loads at start-up. */
function PageLoading() {
  const { t } = useTranslation();
  return (
    <Center mih={200}>
      <Loader size="sm" aria-label={t('common.loading')} />
    </Center>
  );
}

/**
 * A route whose page is fetched when first visited (its own chunk), so the first load carries only
 * the shell and the login page. The router loads the matched routes' chunks at start-up, in
 * parallel with the session refresh, and keeps the current page on screen while the next one loads.
 * `strings`: the feature namespaces the page shows beyond the start-up ones (app/strings.ts); by
 * default all of them, so that a page never shows a key.
 */
export function lazyPage<M>(
  load: () => Promise<M>,
  render: (module: M) => ReactElement,
  permission?: Permission,
  strings: readonly string[] | 'all' = 'all',
): Pick<RouteObject, 'lazy' | 'hydrateFallbackElement'> {
  return {
    hydrateFallbackElement: <PageLoading />,
    lazy: async () => {
      // The features' strings the page shows (all unless named) come with its chunk, in parallel.
      const [module] = await Promise.all([load(), ensureStrings(strings)]);
      const element = render(module);
      return { element: permission ? <RequirePermission permission={permission}>{element}</RequirePermission> : element };
    },
  };
}
