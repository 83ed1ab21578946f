/** Deadlines as people in China read them: Beijing time, 「11月30日 14:00」. */
const FORMAT = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

export function formatDueZh(at: Date): string {
  const part = Object.fromEntries(FORMAT.formatToParts(at).map((p) => [p.type, p.value]));
  return `${part['month']}月${part['day']}日 ${part['hour']}:${part['minute']}`;
}
