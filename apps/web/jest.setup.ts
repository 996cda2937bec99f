// jsdom lacks a few browser APIs that react-router and Mantine use.
import { TextDecoder, TextEncoder } from 'node:util';

Object.assign(globalThis, { TextEncoder, TextDecoder });

if (typeof window !== 'undefined') {
  if (!window.matchMedia) {
    window.matchMedia = (query: string) =>
      ({
        // Reduced motion (the theme respects it): Mantine transitions end at once, with no
        // animation frame or timer left to update a component after the test.
        matches: /prefers-reduced-motion:\s*reduce/.test(query),
        media: query,
        onchange: null,
        addListener: () => undefined,
        removeListener: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }
  const noop = (): undefined => undefined;
  class NoopResizeObserver {
    observe = noop;
    unobserve = noop;
    disconnect = noop;
  }
  Object.assign(window, { ResizeObserver: window.ResizeObserver ?? NoopResizeObserver });
  Element.prototype.scrollIntoView ??= noop;
  // Mantine's autosize textarea listens for web fonts loading.
  if (!('fonts' in document)) {
    Object.defineProperty(document, 'fonts', {
      value: { addEventListener: () => undefined, removeEventListener: () => undefined, ready: Promise.resolve() },
    });
  }
}

// Async queries (findBy…, waitFor) wait up to 15 s rather than 1 s: on a loaded 2-core CI machine
// the first render of a page (Mantine, router, i18n) can take longer than a second. (From
// @testing-library/dom: importing @testing-library/react here would disable its automatic cleanup.)
import { configure } from '@testing-library/dom';
configure({ asyncUtilTimeout: 15000 });
