import { useEffect, useState } from 'react';

/** The server sends at most one code a minute to a phone (API.md "Conventions"). */
export const RESEND_AFTER_MS = 60_000;

/** Seconds left until `until` (a `Date.now()` time), ticking once a second; 0 when none. */
export function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}
