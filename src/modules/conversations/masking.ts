/**
 * Contact details in chat are masked on display (issue 18 item 4): a phone number, a
 * WeChat or QQ id or an outside link is how a buyer is talked into paying off the
 * platform, where neither escrow nor a dispute protects them. The original is kept
 * sealed for disputes (service.ts); this is the pure part.
 *
 * Detection runs on a folded copy of the text of the same length (full-width forms
 * to ASCII, Chinese numerals to digits, letters to lower case), so every match maps
 * back to the same characters of the original, which is what gets replaced.
 *
 * Deliberately NOT masked: prices (¥199.00, 13.80元), quantities, dates and times,
 * and our order numbers quoted in text (14+ digits starting with the year, e.g.
 * 20261207000123: no phone pattern matches inside a longer run of digits), and links
 * to our own host.
 */

export const MASK = '「***」';

const CN_DIGITS: Record<string, string> = { 零: '0', 〇: '0', 一: '1', 幺: '1', 壹: '1', 二: '2', 贰: '2', 两: '2', 三: '3', 叁: '3', 四: '4', 肆: '4', 五: '5', 伍: '5', 六: '6', 陆: '6', 七: '7', 柒: '7', 八: '8', 捌: '8', 九: '9', 玖: '9' };

/** One character for one: full-width ASCII (！ to ～) to ASCII, ideographic space to a space, Chinese numerals to digits. */
function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0).toLowerCase();
  if (code === 0x3000) return ' ';
  if (ch === '。') return '.';
  return CN_DIGITS[ch] ?? ch.toLowerCase();
}

// Between two digits of a number people put blanks, dashes, dots or underscores (at most two).
const SEP = '[\\s.\\-_·]{0,2}';
const digits = (n: number, m = n) => `(?:${SEP}[0-9]){${n},${m}}`;

const PATTERNS: readonly RegExp[] = [
  // Mainland mobiles, optionally +86: 138 1234 5678, 138-1234-5678, １３８…, 一三八…
  new RegExp(`(?<![0-9])(?:\\+?86${SEP})?1${SEP}[3-9]${digits(9)}(?![0-9])`, 'gu'),
  // Landlines: 010-12345678, (0755) 1234567, 021 1234 5678.
  new RegExp(`(?<![0-9])\\(?0[1-9][0-9]{1,2}\\)?${SEP}[1-9]${digits(6, 7)}(?![0-9])`, 'gu'),
  // WeChat ids after 微信/威信/V信/vx/wx/weixin/wechat (an id starts with a letter, 6–20 characters).
  // A few words may come between (微信号是：…, 微信吗：…).
  /(?<=(?:微信|威信|薇信|徽信|v信|vx|wx|weixin|wechat|vchat)[^a-z0-9]{0,4})[a-z][-_a-z0-9]{5,19}(?![-_a-z0-9])/gu,
  // QQ numbers after QQ/扣扣/企鹅 (5–11 digits).
  new RegExp(`(?<=(?:qq|扣扣|企鹅|q\\s?q)[^a-z0-9]{0,4})[1-9]${digits(4, 10)}(?![0-9])`, 'gu'),
  // E-mail addresses (123456@qq.com is a QQ number too).
  /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gu,
  // Links: a scheme, www., or a bare domain with a common top-level domain.
  /(?:https?:\/\/|www\.)[^\s，。！？、；）)」》<>"']+/gu,
  /(?<![-a-z0-9.@])(?:[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?\.)+(?:com|cn|net|org|cc|top|xyz|io|me|info|vip|shop|link|ly|tv|co|club|site|online|tk|wang)(?![-a-z0-9])(?:[/?#][^\s，。！？、；）)」》<>"']*)?/gu,
];

/** PATTERNS from here on are links: our own host's are let through. */
const FIRST_LINK_PATTERN = 5;

export interface Masked {
  text: string;
  masked: boolean;
}

/** The host of a link match, for telling our own links from outside ones. */
function hostOf(link: string): string {
  return link
    .replace(/^https?:\/\//, '')
    .replace(/[/?#:].*$/, '')
    .replace(/^www\./, '');
}

/**
 * `text` with phone numbers, WeChat/QQ ids and outside links replaced by 「***」.
 * `ownHosts` (e.g. `agora.example`) and their subdomains are not outside.
 *
 * @example maskContacts('加我微信：abc_123456 或打 138 1234 5678', []) // { text: '加我微信：「***」 或打 「***」', masked: true }
 */
export function maskContacts(text: string, ownHosts: readonly string[] = []): Masked {
  const folded = Array.from(text, foldChar);
  // Indexes are by code point: Array.from keeps astral characters whole.
  const chars = Array.from(text);
  const probe = folded.join('');
  const own = ownHosts.map((h) => h.toLowerCase());
  const isOwn = (link: string) => {
    const host = hostOf(link);
    return own.some((h) => host === h || host.endsWith(`.${h}`));
  };
  // Ranges in UTF-16 units of `probe`, converted to code points below.
  const hits: [number, number][] = [];
  PATTERNS.forEach((pattern, i) => {
    for (const m of probe.matchAll(pattern)) {
      if (i >= FIRST_LINK_PATTERN && isOwn(m[0])) continue;
      hits.push([m.index, m.index + m[0].length]);
    }
  });
  if (hits.length === 0) return { text, masked: false };
  // UTF-16 offset → code point index.
  const unitToPoint: number[] = [];
  folded.forEach((f, point) => {
    for (let k = 0; k < f.length; k++) unitToPoint.push(point);
  });
  unitToPoint.push(folded.length);
  const hide = new Array<boolean>(chars.length).fill(false);
  for (const [from, to] of hits) for (let p = unitToPoint[from]!; p < unitToPoint[to]!; p++) hide[p] = true;
  let out = '';
  for (let p = 0; p < chars.length; p++) {
    if (!hide[p]) out += chars[p];
    else if (p === 0 || !hide[p - 1]) out += MASK;
  }
  return { text: out, masked: true };
}
