import { act, render } from '@testing-library/react';
import { MountWhenNear } from './MountWhenNear';

/** An IntersectionObserver the test drives: `near()` reports every observed element as intersecting. */
class FakeObserver {
  static instances: FakeObserver[] = [];
  readonly observed: Element[] = [];
  disconnected = false;
  constructor(private readonly callback: IntersectionObserverCallback) {
    FakeObserver.instances.push(this);
  }
  observe(el: Element) {
    this.observed.push(el);
  }
  disconnect() {
    this.disconnected = true;
  }
  report(isIntersecting: boolean) {
    this.callback(this.observed.map((target) => ({ target, isIntersecting }) as IntersectionObserverEntry), this as unknown as IntersectionObserver);
  }
}

describe('MountWhenNear', () => {
  const original = (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver;
  beforeEach(() => {
    FakeObserver.instances = [];
    (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver = FakeObserver;
  });
  afterAll(() => {
    (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver = original;
  });

  const view = (eager: boolean) =>
    render(
      <MountWhenNear eager={eager} placeholder={<p data-testid="placeholder">3. Torture</p>}>
        <textarea data-testid="editor" />
      </MountWhenNear>,
    );

  it('shows the placeholder until the section comes near the viewport, then mounts the editor and keeps it', () => {
    const { queryByTestId } = view(false);
    expect(queryByTestId('placeholder')).not.toBeNull();
    expect(queryByTestId('editor')).toBeNull();
    const [observer] = FakeObserver.instances;
    act(() => observer!.report(false));
    expect(queryByTestId('editor')).toBeNull();
    act(() => observer!.report(true));
    expect(queryByTestId('editor')).not.toBeNull();
    expect(queryByTestId('placeholder')).toBeNull();
    expect(observer!.disconnected).toBe(true);
  });

  it('mounts the first sections at once, without observing them', () => {
    const { queryByTestId } = view(true);
    expect(queryByTestId('editor')).not.toBeNull();
    expect(FakeObserver.instances).toHaveLength(0);
  });

  it('mounts at once where the browser has no IntersectionObserver', () => {
    delete (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver;
    const { queryByTestId } = view(false);
    expect(queryByTestId('editor')).not.toBeNull();
  });
});
