// Runs after the test framework is installed (jest.config.ts setupFilesAfterEnv), before each test
// file's own hooks and before Testing Library's automatic cleanup (registered later, on import).
import { act } from 'react';

/**
 * A component test often ends while work it started is still in flight: the session refresh every
 * render starts (AuthProvider), a Mantine transition's timer. Without this, those updates land
 * after the test, outside act(), and React warns. Let them finish inside act(), then unmount.
 */
afterEach(async () => {
  await act(async () => {
    for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
  });
});
