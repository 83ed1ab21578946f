/**
 * The share page of a bargain (`/b/:id`): what a chat app's link
 * preview reads (Open Graph) and what a person scans (a QR code to the web page).
 * Every text from users and operators is escaped.
 */
import escapeHtml from 'escape-html';
import QRCode from 'qrcode';
import { FAVICON_LINK } from '../../lib/favicon.js';
import { yuan } from './rules.js';
import type { BargainView } from './service.js';

const page = (head: string, body: string) =>
  `<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n${FAVICON_LINK}\n${head}\n</head>\n<body>\n${body}\n</body>\n</html>\n`;

const STATUS_ZH = { active: '砍价进行中', ordered: '已下单', expired: '已过期' } as const;

/** R14: the preview says exactly how much is left, in yuan and fen. */
export async function bargainSharePage(bargain: BargainView, origin: string): Promise<string> {
  const webUrl = `${origin}/bargains/${encodeURIComponent(bargain.id)}`;
  const shareUrl = `${origin}/b/${encodeURIComponent(bargain.id)}`;
  const title = `${bargain.title} 还差 ¥${yuan(bargain.remaining)}`;
  const description = `${bargain.owner.displayName} 邀请你帮砍一刀：现价 ¥${yuan(bargain.current)}，原价 ¥${yuan(bargain.price)}，最低 ¥${yuan(bargain.floor)}；已有 ${bargain.helpers} 人帮砍，最多 ${bargain.maxHelpers} 人。${STATUS_ZH[bargain.status]}。`;
  const image = bargain.image.startsWith('/') ? `${origin}${bargain.image}` : bargain.image;
  const qr = await QRCode.toString(webUrl, { type: 'svg', margin: 1, width: 200 });
  const meta = (property: string, content: string) => `<meta property="${property}" content="${escapeHtml(content)}">`;
  const head = [
    `<title>${escapeHtml(title)}</title>`,
    `<meta name="description" content="${escapeHtml(description)}">`,
    meta('og:type', 'website'),
    meta('og:site_name', 'Agora'),
    meta('og:title', title),
    meta('og:description', description),
    ...(image ? [meta('og:image', image)] : []),
    meta('og:url', shareUrl),
    `<link rel="canonical" href="${escapeHtml(shareUrl)}">`,
  ].join('\n');
  const body = [
    `<main>`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>${escapeHtml(description)}</p>`,
    `<figure>${qr}<figcaption>扫码帮砍 · Scan to help</figcaption></figure>`,
    `<p><a href="${escapeHtml(webUrl)}">打开砍价页 · Open the bargain</a></p>`,
    `</main>`,
  ].join('\n');
  return page(head, body);
}

export function missingSharePage(): string {
  return page('<title>砍价不存在 · Not found</title>', '<main><h1>这个砍价不存在 · No such bargain</h1><p><a href="/">Agora</a></p></main>');
}
