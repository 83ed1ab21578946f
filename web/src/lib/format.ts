/**
 * Dates and bilingual server text for display. Agora is a mainland-China service, so
 * calendar dates are Beijing dates (Asia/Shanghai) whatever the reader's own zone:
 * a shop that closes "on 1 March" closes on 1 March in China.
 */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';
const DAY_MS = 24 * 60 * 60 * 1000;

/** "2026年12月30日" / "Dec 30, 2026". */
export function formatDate(iso: string, language: string | undefined): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: CHINA_TIME_ZONE }).format(new Date(iso));
}

/** "2026年12月30日 14:05" / "Dec 30, 2026, 2:05 PM". */
export function formatDateTime(iso: string, language: string | undefined): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone: CHINA_TIME_ZONE }).format(new Date(iso));
}

/** The Beijing calendar day of an instant, as YYYY-MM-DD (what `<input type="date">` speaks). */
export function chinaDay(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: CHINA_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** 00:00 Beijing time on a YYYY-MM-DD day, as an ISO instant. */
export function startOfChinaDay(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}

/**
 * R2: the first day a closure can take effect. A closure starts at 00:00 on its day
 * and must be at least 30 days away, so the earliest day is the one after
 * the day 30 days from now.
 */
export function earliestClosureDay(now: Date = new Date()): string {
  return chinaDay(new Date(now.getTime() + 31 * DAY_MS));
}

