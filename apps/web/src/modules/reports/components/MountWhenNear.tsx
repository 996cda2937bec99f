import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * Mounts its children once they come near the viewport (and keeps them mounted): a report of 300
 * sections, each an editor with its live preview, opens with the first screens only. Until then a
 * placeholder of about the same height holds the scroll position and shows what is there. Without
 * IntersectionObserver (old browsers, jsdom) the children mount at once.
 */
export function MountWhenNear({ eager, placeholder, children }: { eager: boolean; placeholder: ReactNode; children: ReactNode }) {
  const [mounted, setMounted] = useState(() => eager || typeof IntersectionObserver === 'undefined');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (mounted || !ref.current) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setMounted(true);
      },
      // A screen or two ahead, so that scrolling meets editors already there.
      { rootMargin: '1500px 0px' },
    );
    observer.observe(ref.current);
    return () => observer.disconnect();
  }, [mounted]);
  return mounted ? <>{children}</> : <div ref={ref}>{placeholder}</div>;
}
