import { screen, waitFor } from '@testing-library/react';
import { mockFetch, renderWithProviders } from '../../../test/render';
import { NotificationBell } from './NotificationBell';

const me = { id: 'u1', email: 'coordinator@demo.sidh', name: 'Salma Bennani', role: 'coordinator', locale: 'fr', institution: null, permissions: [] };

/** Counts the Intl.NumberFormat objects built while `run` goes on. */
async function numberFormatsBuilt(run: () => Promise<void>): Promise<number> {
  const Original = Intl.NumberFormat;
  let built = 0;
  const Counting = function (this: unknown, ...args: ConstructorParameters<typeof Intl.NumberFormat>) {
    built += 1;
    return new Original(...args);
  } as unknown as typeof Intl.NumberFormat;
  Object.assign(Counting, Original);
  Intl.NumberFormat = Counting;
  try {
    await run();
  } finally {
    Intl.NumberFormat = Original;
  }
  return built;
}

function show(unread: number) {
  mockFetch(({ url }) => {
    if (url.endsWith('/auth/refresh')) return { status: 200, body: { accessToken: 'tok', expiresIn: 900, user: me } };
    if (url.endsWith('/notifications/unread-count')) return { status: 200, body: { unread } };
    return undefined;
  });
  renderWithProviders(<NotificationBell />, { lang: 'fr' });
}

describe('NotificationBell', () => {
  it('formats no number while there is nothing unread (the first number format loads locale data)', async () => {
    const built = await numberFormatsBuilt(async () => {
      show(0);
      await waitFor(() => expect(screen.getByTestId('bell-count').getAttribute('data-count')).toBe('0'));
    });
    expect(built).toBe(0);
    expect(screen.getByTestId('notification-bell').getAttribute('aria-label')).toBe('Notifications');
  });

  it('shows at most 99+ and names the exact unread count, formatted in the UI language', async () => {
    show(1234);
    await waitFor(() => expect(screen.getByTestId('bell-count').getAttribute('data-count')).toBe('1234'));
    expect(screen.getByTestId('bell-count').textContent).toContain('99+');
    expect(screen.getByTestId('notification-bell').getAttribute('aria-label')).toMatch(/^1\D234 notifications non lues$/);
  });
});
