import { useEffect, useRef, useState } from 'react';

/**
 * Keeps the last `keep` items pushed by a subscription and re-renders at most every
 * `intervalMs`: predictions may arrive a hundred times a second, a panel needs ten.
 */
export function useThrottledStream<T>(subscribe: (push: (items: T[]) => void) => () => void, keep: number, intervalMs = 100): T[] {
  const buffer = useRef<T[]>([]);
  const [items, setItems] = useState<T[]>([]);
  useEffect(() => {
    buffer.current = [];
    let dirty = false;
    const off = subscribe((incoming) => {
      buffer.current.push(...incoming);
      if (buffer.current.length > keep) buffer.current.splice(0, buffer.current.length - keep);
      dirty = true;
    });
    const timer = setInterval(() => {
      if (!dirty) return;
      dirty = false;
      setItems([...buffer.current]);
    }, intervalMs);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [subscribe, keep, intervalMs]);
  return items;
}
