import { DevMailServer } from '../src/modules/mail/dev-mail.server.js';
import { createTestApp, type TestContext } from './harness.js';

// A test app run as NODE_ENV=development starts the capture SMTP server (demo mode): on a free
// port, never the default 1025 a developer's `npm run dev` (or another test run) may hold.
describe('the capture SMTP server of a test app', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({ env: { NODE_ENV: 'development' }, seedDemo: false });
  });
  afterAll(() => ctx?.close());

  it('listens on a free port, not 1025', () => {
    const mail = ctx.app.get(DevMailServer);
    expect(mail.enabled).toBe(true);
    expect(mail.port).toEqual(expect.any(Number));
    expect(mail.port).not.toBe(1025);
  });
});
