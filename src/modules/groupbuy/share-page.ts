/**
 * The share page `/g/:id`: what a chat app's link preview reads
 * (Open Graph: the product and group price, the seats left, the product image) and,
 * for someone on a computer, a QR code to open the group in the app on a phone.
 * Every text from the database is escaped; a link's own page is the web app's
 * `/group-buys/:id`.
 */
import escapeHtml from 'escape-html';
import QRCode from 'qrcode';
import { FAVICON_LINK } from '../../lib/favicon.js';
import type { GroupBuyView } from './service.js';

/** "49.00" from 4900, through strings: no float rounding touches an amount. */
function yuan(fen: number): string {
  const digits = String(fen).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

function progress(group: GroupBuyView): string {
  if (group.status === 'complete') return `${group.groupSize} 人已成团`;
  if (group.status === 'expired') return '拼团已结束，已付款的成员全额退款';
  if (!group.formedAt) return '团长付款后即可参团';
  return `${group.groupSize} 人团，还差 ${group.seatsLeft} 人，快来参团`;
}

const absolute = (origin: string, url: string) => (url.startsWith('/') ? `${origin}${url}` : url);

/**
 * The page's only styles, inline so a preview needs one request. The CSP allows exactly
 * this text by its hash (http/security-headers.ts `allowInlineStyles`).
 */
export const SHARE_PAGE_STYLE = `
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#fafafa;color:#222}
main{max-width:28rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:12px;text-align:center}
img.product{max-width:100%;border-radius:8px}
.price{color:#e0342b;font-size:1.6rem;font-weight:700}
.qr svg{width:180px;height:180px}
a.open{display:inline-block;margin-top:1rem;padding:.6rem 1.4rem;background:#e0342b;color:#fff;border-radius:999px;text-decoration:none}
`;

function page(head: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${FAVICON_LINK}
${head}
<style>${SHARE_PAGE_STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The page for a group, `origin` being where this server is reached (scheme and host). */
export async function renderSharePage(group: GroupBuyView, origin: string): Promise<string> {
  const appUrl = `${origin}/group-buys/${encodeURIComponent(group.id)}`;
  const shareUrl = `${origin}/g/${encodeURIComponent(group.id)}`;
  const title = `${group.product.title} 拼团价 ¥${yuan(group.groupPrice)}`;
  const description = progress(group);
  const image = group.product.image ? absolute(origin, group.product.image) : null;
  const qr = await QRCode.toString(appUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  const e = escapeHtml;
  const head = [
    `<title>${e(title)}</title>`,
    `<meta name="description" content="${e(description)}">`,
    `<meta property="og:type" content="website">`,
    `<meta property="og:site_name" content="Agora">`,
    `<meta property="og:title" content="${e(title)}">`,
    `<meta property="og:description" content="${e(description)}">`,
    `<meta property="og:url" content="${e(shareUrl)}">`,
    ...(image ? [`<meta property="og:image" content="${e(image)}">`] : []),
    `<meta name="twitter:card" content="summary_large_image">`,
    `<link rel="canonical" href="${e(shareUrl)}">`,
  ].join('\n');
  const body = [
    image ? `<img class="product" src="${e(image)}" alt="${e(group.product.title)}">` : '',
    `<h1>${e(group.product.title)}</h1>`,
    group.product.skuName ? `<p>${e(group.product.skuName)}</p>` : '',
    `<p class="price">拼团价 ¥${yuan(group.groupPrice)}</p>`,
    group.product.price !== null ? `<p><s>单买价 ¥${yuan(group.product.price)}</s></p>` : '',
    `<p>${e(description)}</p>`,
    `<div class="qr" aria-label="扫码参团">${qr}</div>`,
    `<p>微信扫码或用手机打开</p>`,
    `<a class="open" href="${e(appUrl)}">去参团</a>`,
  ].join('\n');
  return page(head, body);
}

export function renderMissingPage(): string {
  return page('<title>拼团不存在 · Agora</title>\n<meta name="robots" content="noindex">', '<h1>拼团不存在</h1>\n<p>这个拼团链接无效或已被删除。</p>');
}
