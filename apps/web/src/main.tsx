import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
// Only @font-face rules: a font file is fetched when shown text needs it, and the Arabic family is
// named only under <html lang="ar"> (styles.css), so French and English never fetch it.
import '@fontsource-variable/noto-sans';
import '@fontsource-variable/noto-sans-arabic';
import './app/mantine-styles';
import './app/styles.css';
import { refreshSession } from './app/api-client';
import { LAZY_NAMESPACES, loadCatalog, loadNamespace, loadStartCatalog } from './app/catalog-loader';
import { createLazyI18n, directionOf, initialLanguage, storedLanguage } from './app/i18n';
import { languageKnown, markAllAdded, startLazyStrings } from './app/strings';
import { Providers } from './app/providers';
import { createQueryClient } from './app/query-client';
import { routes } from './app/router';

/**
 * Every page waits for the session anyway (restored from the refresh cookie, or none): it is asked
 * for first, in parallel with the page's chunks and the strings of the likely language, so that the
 * first render is already in the language it will keep — the one chosen on this browser, else the
 * user's profile language, else the browser's — with no second render in another language.
 */
async function start(): Promise<void> {
  const initialSession = refreshSession();
  const guess = initialLanguage();
  void loadStartCatalog(guess).catch(() => undefined);
  // Before the router: the pages' routes wait for their features' strings (app/strings.ts).
  const handOver = startLazyStrings(loadNamespace, LAZY_NAMESPACES, guess);
  await nextTask();
  // The router starts fetching the chunks of the page asked for.
  const router = createBrowserRouter(routes);
  await nextTask();
  const signedIn = await initialSession;
  const lng = storedLanguage() ?? signedIn?.user.locale ?? guess;
  languageKnown(lng);
  // Set before the first paint so an Arabic user never sees a left-to-right flash.
  document.documentElement.lang = lng;
  document.documentElement.dir = directionOf(lng);
  // The first language: its start-up strings; another one (a switch): its whole catalog.
  const i18n = await createLazyI18n(lng, (l) => (l === lng ? loadStartCatalog(l) : loadCatalog(l).then((c) => (markAllAdded(l), c))));
  handOver(i18n);
  const queryClient = createQueryClient();

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <Providers i18n={i18n} queryClient={queryClient} initialSession={initialSession}>
        <RouterProvider router={router} />
      </Providers>
    </StrictMode>,
  );
}

/**
 * Ends the current task: start-up work done in one go (evaluating the modules, building the router,
 * asking for the page's chunks) is one long task that blocks input; split, it is a few short ones.
 */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

void start();
