import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import '@fontsource-variable/noto-sans';
import '@fontsource-variable/noto-sans-arabic';
import '@mantine/core/styles.css';
import './app/styles.css';
import { createI18n, directionOf, initialLanguage } from './app/i18n';
import { Providers } from './app/providers';
import { createQueryClient } from './app/query-client';
import { routes } from './app/router';

const lng = initialLanguage();
// Set before the first paint so an Arabic user never sees a left-to-right flash.
document.documentElement.lang = lng;
document.documentElement.dir = directionOf(lng);

const i18n = createI18n(lng);
const queryClient = createQueryClient();
const router = createBrowserRouter(routes);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Providers i18n={i18n} queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>
  </StrictMode>,
);
