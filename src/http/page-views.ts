/**
 * The first screen of the feed, a note, a product, a group buy and a bargain as HTML,
 * for src/http/pages.ts. Each mirrors its React page's markup for the part one screen
 * shows (same elements, classes and texts: web/src/app/Layout.tsx,
 * features/social/pages/HomePage.tsx, NotePage.tsx, catalog/pages/ProductPage.tsx,
 * campaigns/pages/GroupBuyPage.tsx, BargainPage.tsx), so nothing moves when the app
 * replaces it. Interactive parts (tag dots, buy buttons) wait for the app. Every text
 * from the database is escaped.
 *
 * The shapes are the API's own answers (read through the routes, pages.ts), named here
 * only as far as the markup reads them.
 */
import escapeHtml from 'escape-html';
import { pageText, type PageLanguage, type TextKey } from './page-texts.js';

interface Person {
  id: string;
  displayName: string;
}
export interface NoteJson {
  id: string;
  title: string;
  body: string;
  images: string[];
  isAd: boolean;
  hidden?: boolean;
  liked: boolean;
  likes: number;
  collected: boolean;
  collects: number;
  updatedAt: string;
  author: Person;
  tags: { productId: string; verifiedPurchase: boolean; product: { title: string; price: number } }[];
}
export interface ProductJson {
  id: string;
  title: string;
  description: string;
  images: string[];
  available: boolean;
  operator: { id: string; shopName: string };
  skus: { id: string; name: string; price: number; stock: number; groupPrice: number | null; groupSize: number | null; bargainFloor: number | null; maxHelpers: number | null }[];
}
export interface GroupBuyJson {
  id: string;
  productId: string;
  status: 'forming' | 'complete' | 'expired';
  groupPrice: number;
  groupSize: number;
  paidMembers: number;
  seatsLeft: number;
  formedAt: string | null;
  expiresAt: string;
  serverTime: string;
  members: { displayName: string; paid: boolean; initiator: boolean }[];
  product: { title: string; image: string | null; skuName: string | null; price: number | null };
}
export interface BargainJson {
  id: string;
  productId: string;
  status: 'active' | 'ordered' | 'expired';
  title: string;
  skuName: string;
  image: string;
  owner: Person;
  price: number;
  current: number;
  floor: number;
  remaining: number;
  helpers: number;
  maxHelpers: number;
  expiresAt: string;
  helps: { helper: Person; cut: number; at: string }[];
}

const e = (text: string | number) => escapeHtml(String(text));
/** web/src/lib/money.ts `formatFen`: the same formatter, so "¥1,299.00" reads alike on both sides. */
const CNY = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' });
export function formatFen(fen: number): string {
  const digits = String(Math.abs(fen)).padStart(3, '0');
  return CNY.format(`${fen < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}` as Intl.StringNumericLiteral);
}
function formatFenRange(prices: readonly number[]): string {
  if (prices.length === 0) return '';
  const [low, high] = [Math.min(...prices), Math.max(...prices)];
  return low === high ? formatFen(low) : `${formatFen(low)} – ${formatFen(high)}`;
}
/** web/src/lib/format.ts `formatDateTime`: Beijing time. */
const formatDateTime = (iso: string, language: PageLanguage) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(iso));
/** web/src/features/campaigns/api.ts `formatHms`: "23:59:08" until `deadline` as of `now`. */
function hmsUntil(deadline: string, now: Date): string {
  const seconds = Math.max(0, Math.floor((new Date(deadline).getTime() - now.getTime()) / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}
const initial = (name: string) => e(Array.from(name.trim())[0] ?? '?');

/** A page's words in its language, and its title for `<title>`. */
export interface Rendered {
  title: string;
  html: string;
}
export type Texts = (key: TextKey, values?: Record<string, string | number>) => string;
export const textsOf = (language: PageLanguage): Texts => (key, values) => pageText(language, key, values);

const ICONS = {
  home: '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path d="M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"></path></svg>',
  post: '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><rect x="3.5" y="3.5" width="17" height="17" rx="5" fill="none" stroke="currentColor" stroke-width="1.8"></rect><path d="M12 8v8M8 12h8" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"></path></svg>',
  wallet:
    '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path d="M4 7.5A2.5 2.5 0 0 1 6.5 5H18a1 1 0 0 1 1 1v2" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"></path><path d="M4 7.5V18a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-9a1 1 0 0 0-1-1H6.5A2.5 2.5 0 0 1 4 7.5z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"></path><circle cx="16" cy="13.5" r="1.3" fill="currentColor"></circle></svg>',
  messages:
    '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path d="M4 5.5A1.5 1.5 0 0 1 5.5 4h13A1.5 1.5 0 0 1 20 5.5v10a1.5 1.5 0 0 1-1.5 1.5H10l-4.5 3.5V17h0A1.5 1.5 0 0 1 4 15.5z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"></path><path d="M8 9.5h8M8 12.5h5" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"></path></svg>',
  me: '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><circle cx="12" cy="8" r="4" fill="none" stroke="currentColor" stroke-width="1.8"></circle><path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"></path></svg>',
};

/** Layout.tsx: the top bar, the page, the tab bar (the bell shows only when signed in, so not here). */
export function layout(t: Texts, language: PageLanguage, path: string, page: string): string {
  const languages = (['zh-CN', 'en'] as const)
    .map((l) => `<button type="button" lang="${l}" data-testid="lang-${l}" aria-pressed="${l === language}">${e(t(l === 'en' ? 'language.en' : 'language.zh'))}</button>`)
    .join('');
  const tab = (to: string, name: keyof typeof ICONS, label: TextKey) =>
    `<a class="tab${path === to ? ' active' : ''}" href="${to}" data-testid="tab-${name}"${path === to ? ' aria-current="page"' : ''}>${ICONS[name]}<span>${e(t(label))}</span></a>`;
  return `<div class="app"><header class="topbar"><a class="brand" href="/" data-testid="brand">${e(t('app.name'))}</a><div class="topbar-end"><div class="language-switch" role="group" aria-label="${e(t('language.label'))}">${languages}</div></div></header><main class="content">${page}</main><nav class="tabbar" aria-label="${e(t('nav.main'))}">${tab('/', 'home', 'nav.home')}${tab('/notes/new', 'post', 'nav.post')}${tab('/messages', 'messages', 'nav.messages')}${tab('/wallet', 'wallet', 'nav.wallet')}${tab('/me', 'me', 'nav.me')}</nav></div>`;
}

/**
 * The picture attributes the app gives an upload (web/src/ui/image.ts, its twin; issue 16 item 4):
 * the 400 px WebP thumbnail with the original in `srcset`, and a square box reserved, so the
 * browser fetches the same file for the server's first screen and the app's, and nothing moves.
 */
const UPLOAD = /^(\/uploads\/[0-9a-f-]{36})\.(?:jpg|png|webp)$/;
const CARD_SIZES = '(min-width: 560px) 270px, 50vw';
const FULL_SIZES = '(min-width: 560px) 560px, 100vw';
const thumbnailOf = (url: string) => {
  const match = UPLOAD.exec(url);
  return match ? `${match[1]}-thumb.webp` : url;
};
function picture(url: string, sizes: string): string {
  const thumbnail = thumbnailOf(url);
  const box = 'width="400" height="400"';
  if (thumbnail === url) return `src="${e(url)}" ${box}`;
  return `src="${e(thumbnail)}" srcset="${e(thumbnail)} 400w, ${e(url)} 1080w" sizes="${sizes}" ${box}`;
}

/** NoteCard.tsx: the cover, the title, the author and the likes. */
function noteCard(t: Texts, note: NoteJson, index: number): string {
  const cover = note.images[0];
  // The first row is on screen at once: fetched eagerly and first; the rest lazily, as the app does.
  const loading = index < 2 ? 'fetchpriority="high"' : 'loading="lazy"';
  const ad = note.isAd ? `<span class="ad-label on-cover" data-testid="note-ad">${e(t('social.ad'))}</span>` : '';
  return `<li class="note-card" data-testid="note-card" data-note-id="${e(note.id)}" data-ad="${note.isAd}"><a class="note-card-link" href="/notes/${encodeURIComponent(note.id)}"><div class="note-cover">${cover ? `<img ${picture(cover, CARD_SIZES)} alt="${e(t('social.noteImage', { title: note.title, n: 1 }))}" ${loading}>` : ''}${ad}</div><span class="note-card-title" data-testid="note-card-title">${e(note.title)}</span></a><div class="note-card-meta"><a class="note-card-author" href="/users/${encodeURIComponent(note.author.id)}" data-testid="note-card-author"><span class="avatar small" aria-hidden="true">${initial(note.author.displayName)}</span><span>${e(note.author.displayName)}</span></a><span class="${note.liked ? 'note-card-likes liked' : 'note-card-likes'}" aria-label="${e(t('social.likes', { count: note.likes }))}" data-testid="note-card-likes"><svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true"><path d="M12 20.5s-7.5-4.6-7.5-10.1A4.4 4.4 0 0 1 12 7.6a4.4 4.4 0 0 1 7.5 2.8c0 5.5-7.5 10.1-7.5 10.1z" fill="${note.liked ? 'currentColor' : 'none'}" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"></path></svg>${note.likes}</span></div></li>`;
}

/** HomePage.tsx, signed out, the discover tab, its first page. */
export function feedPage(t: Texts, page: { items: NoteJson[]; nextCursor: string | null }, signedOut: boolean): Rendered {
  const columns = [0, 1].map((c) => `<ul class="masonry-column">${page.items.map((note, i) => (i % 2 === c ? noteCard(t, note, i) : '')).join('')}</ul>`).join('');
  const notes =
    page.items.length === 0
      ? `<p class="empty" data-testid="feed-empty">${e(t('social.feed.empty'))}</p>`
      : `<div class="masonry" data-testid="feed">${columns}</div>${page.nextCursor ? `<div class="more"><button type="button" class="button secondary" data-testid="load-more">${e(t('common.loadMore'))}</button></div>` : `<p class="feed-end">${e(t('social.feed.end'))}</p>`}`;
  const tabs = (['discover', 'following'] as const)
    .map((name) => `<button type="button" role="tab" aria-selected="${name === 'discover'}" class="feed-tab" data-testid="feed-tab-${name}">${e(t(`social.feed.${name}`))}</button>`)
    .join('');
  // The welcome shows only to someone signed out; a reader with a session sees the feed at once.
  const hero = `<section class="hero compact"><h1>${e(t('home.welcome'))}</h1><p>${e(t('home.intro'))}</p><div class="actions"><a class="button primary" href="/register" data-testid="home-register">${e(t('home.registerCta'))}</a><a class="button secondary" href="/login" data-testid="home-login">${e(t('home.loginCta'))}</a></div></section>`;
  const html = `<div class="page home-feed" data-testid="home-page"><div class="feed-head"><div class="feed-tabs" role="tablist" aria-label="${e(t('social.feed.tabs'))}">${tabs}</div><a class="feed-search" href="/search" data-testid="home-search" aria-label="${e(t('social.search.title'))}"><span aria-hidden="true">⌕</span> ${e(t('social.feed.searchPlaceholder'))}</a></div>${signedOut ? hero : ''}${notes}<p class="switch-link"><a href="/deposit-rule" data-testid="home-deposit-rule">${e(t('home.depositRule'))}</a></p></div>`;
  return { title: t('home.title'), html };
}

/** The body with its #话题 as links to the search (web/src/features/social/api.ts `bodyRuns`). */
function bodyHtml(body: string): string {
  let html = '';
  let last = 0;
  for (const match of body.matchAll(/#[\p{L}\p{N}\p{M}_]{1,30}#?/gu)) {
    if (match.index > last) html += `<span>${e(body.slice(last, match.index))}</span>`;
    html += `<a class="hashtag" href="/search?type=notes&amp;q=${e(encodeURIComponent(match[0].replaceAll('#', '')))}">${e(match[0])}</a>`;
    last = match.index + match[0].length;
  }
  return last < body.length ? `${html}<span>${e(body.slice(last))}</span>` : html;
}

/** NotePage.tsx down to the products it tags; engagement counts are shown, the buttons wait for the app. */
export function notePage(t: Texts, language: PageLanguage, n: NoteJson): Rendered {
  const slides = n.images
    .map((url, i) => `<div class="carousel-slide" data-testid="note-slide" aria-label="${e(t('social.note.slide', { n: i + 1, total: n.images.length }))}"><img ${picture(url, FULL_SIZES)} alt="${e(t('social.noteImage', { title: n.title, n: i + 1 }))}"${i === 0 ? ' fetchpriority="high"' : ' loading="lazy"'}></div>`)
    .join('');
  const total = n.images.length;
  const counter =
    total > 1
      ? `<span class="carousel-count" data-testid="carousel-count">${e(t('social.note.slide', { n: 1, total }))}</span><div class="carousel-dots" aria-hidden="true">${n.images.map((_, i) => `<span class="${i === 0 ? 'dot active' : 'dot'}"></span>`).join('')}</div>`
      : '';
  const products = [...new Map(n.tags.map((tag) => [tag.productId, tag])).values()];
  const productList = products.length
    ? `<section class="card" data-testid="note-products"><h2>${e(t('social.note.products'))}</h2><ul class="note-product-list">${products
        .map(
          (tag) =>
            `<li><a class="note-product" href="/products/${encodeURIComponent(tag.productId)}" data-testid="note-product"><span class="note-product-title">${e(tag.product.title)}</span>${tag.verifiedPurchase ? `<span class="verified">${e(t('social.verifiedPurchase'))}</span>` : ''}<span class="price">${e(formatFen(tag.product.price))}</span><span aria-hidden="true">›</span></a></li>`,
        )
        .join('')}</ul></section>`
    : '';
  const ad = n.isAd ? `<span class="ad-label" data-testid="note-ad">${e(t('social.ad'))}</span>` : '';
  const html = `<div class="page note-page" data-testid="note-page" data-note-id="${e(n.id)}"><div class="note-author" data-testid="note-author"><a class="note-author-link" href="/users/${encodeURIComponent(n.author.id)}"><span class="avatar small" aria-hidden="true">${initial(n.author.displayName)}</span><span>${e(n.author.displayName)}</span></a></div><section class="carousel" aria-roledescription="carousel" data-testid="note-carousel"><div class="carousel-track">${slides}</div>${counter}</section><section class="note-text"><h1 data-testid="note-title">${ad} ${e(n.title)}</h1><p class="note-body" data-testid="note-body">${bodyHtml(n.body)}</p><p class="fine-print"><time datetime="${e(n.updatedAt)}">${e(t('social.note.edited', { date: formatDateTime(n.updatedAt, language) }))}</time></p></section>${productList}<div class="note-actions" data-testid="note-actions"><button type="button" class="action" aria-pressed="false" data-testid="note-like"><span aria-hidden="true">♡</span> ${e(t('social.note.like'))} <span data-testid="note-likes">${n.likes}</span></button><button type="button" class="action" aria-pressed="false" data-testid="note-collect"><span aria-hidden="true">☆</span> ${e(t('social.note.collect'))} <span data-testid="note-collects">${n.collects}</span></button></div></div>`;
  return { title: n.title, html };
}

/** ProductPage.tsx: gallery, price, title, shop and the SKUs; buying waits for the app. */
export function productPage(t: Texts, p: ProductJson, signedOut: boolean): Rendered {
  const main = p.images[0];
  const thumbs =
    p.images.length > 1
      ? `<div class="gallery-strip">${p.images.map((url, i) => `<button type="button" class="gallery-thumb" aria-pressed="${i === 0}"><img src="${e(thumbnailOf(url))}" width="400" height="400" alt="" loading="lazy"></button>`).join('')}</div>`
      : '';
  const groupPrices = p.skus.flatMap((sku) => (sku.groupPrice === null ? [] : [sku.groupPrice]));
  const skus = p.skus
    .map((sku) => {
      const group = sku.groupPrice !== null && sku.groupSize !== null ? `<span class="group-tag">${e(t('product.group', { size: sku.groupSize, price: formatFen(sku.groupPrice) }))}</span>` : '';
      const bargain = sku.bargainFloor !== null && sku.maxHelpers !== null ? `<span class="bargain-tag">${e(t('product.bargain', { floor: formatFen(sku.bargainFloor), helpers: sku.maxHelpers }))}</span>` : '';
      return `<li data-testid="product-sku"><div class="sku-line"><span class="sku-name">${e(sku.name)}</span><span class="price">${e(formatFen(sku.price))}</span></div><div class="sku-meta"><span>${e(sku.stock > 0 ? t('product.stock', { count: sku.stock }) : t('product.soldOut'))}</span>${group}${bargain}</div></li>`;
    })
    .join('');
  // The bar fixed above the tab bar, as a guest sees it (AddToCart's): why they cannot buy yet, and the way to log in.
  const guestBuyBar = `<div class="buy-bar"><button type="button" class="button primary" disabled data-testid="product-buy">${e(t('cart.loginToBuy'))}</button><a class="button secondary" href="/login" data-testid="product-login">${e(t('home.loginCta'))}</a></div>`;
  const html = `<div class="page product-page" data-testid="product-page"><section class="gallery" aria-label="${e(t('product.gallery'))}" data-testid="product-gallery">${main ? `<img class="gallery-main" ${picture(main, FULL_SIZES)} alt="${e(t('catalog.imageAlt', { title: p.title }))}" data-testid="product-image" fetchpriority="high">` : ''}${thumbs}</section><section class="card product-summary"><p class="price big" data-testid="product-price">${e(formatFenRange(p.skus.map((sku) => sku.price)))}</p>${groupPrices.length ? `<span class="group-tag">${e(t('catalog.groupPrice', { price: formatFenRange(groupPrices) }))}</span>` : ''}<h1 data-testid="product-title">${e(p.title)}</h1><a class="shop-link" href="/shops/${encodeURIComponent(p.operator.id)}" data-testid="product-shop-link"><span class="muted">${e(t('product.shop'))}</span> <strong>${e(p.operator.shopName)}</strong> <span aria-hidden="true">›</span></a></section>${p.available ? '' : `<div class="banner warning" role="status" data-testid="product-not-selling">${e(t('product.notSelling'))}</div>`}<section class="card"><h2>${e(t('product.skus'))}</h2><ul class="sku-list" data-testid="product-skus">${skus}</ul></section>${p.available && signedOut ? guestBuyBar : ''}</div>`;
  return { title: p.title, html };
}

/** PageHeader.tsx with the way back to the product. */
const header = (t: Texts, title: string, productId: string) =>
  `<a class="back-link" href="/products/${encodeURIComponent(productId)}" data-testid="back-link">‹ ${e(t('campaigns.group.toProduct'))}</a><h1>${e(title)}</h1>`;

/** The login button a signed-out reader sees where a signed-in one acts (GroupBuyPage's Join, BargainPage). */
const loginButton = (label: string, testId: string) => `<a class="button primary" href="/login" data-testid="${testId}">${e(label)}</a>`;

/** GroupBuyPage.tsx: the product at the group price against the price alone, and where the group stands. */
export function groupBuyPage(t: Texts, g: GroupBuyJson, signedOut: boolean): Rendered {
  const single = g.product.price;
  const saves = single !== null && single > g.groupPrice ? ` · ${e(t('campaigns.group.saves', { amount: formatFen(single - g.groupPrice) }))}` : '';
  const pill = g.status === 'complete' ? 'ok' : g.status === 'expired' ? 'bad' : 'wait';
  const progress = t('campaigns.group.progress', { paid: g.paidMembers, size: g.groupSize });
  const members = g.members
    .map(
      (m) =>
        `<li class="${m.paid ? 'member' : 'member reserved'}" data-testid="group-member" data-paid="${m.paid}"><span class="avatar small large-ish" aria-hidden="true">${initial(m.displayName)}</span><span class="member-name">${e(m.displayName)}</span>${m.initiator ? `<span class="pill ok">${e(t('campaigns.group.initiator'))}</span>` : ''}${m.paid ? '' : `<span class="pill wait">${e(t('campaigns.group.reserved'))}</span>`}</li>`,
    )
    .join('');
  const empty = `<li class="member empty-seat" data-testid="group-empty-seat"><span class="avatar small seat" aria-hidden="true">?</span><span class="member-name muted">${e(t('campaigns.group.emptySeat'))}</span></li>`.repeat(Math.max(0, g.groupSize - g.members.length));
  // As of the server's clock when the group was read, as the app counts (useTimeLeft with serverTime).
  const time = hmsUntil(g.expiresAt, new Date(g.serverTime));
  const forming = g.status === 'forming';
  const standing = [
    forming ? `<p class="countdown" data-testid="group-countdown">${e(g.formedAt ? t('campaigns.group.countdown', { time }) : t('campaigns.group.notFormed', { time }))}</p>` : '',
    forming && g.formedAt ? `<p data-testid="group-seats-left">${e(t('campaigns.group.seatsLeft', { count: g.seatsLeft }))}</p>` : '',
    g.status === 'complete' ? `<div class="banner success" role="status" data-testid="group-complete">${e(t('campaigns.group.completeNote'))}</div>` : '',
    g.status === 'expired' ? `<div class="banner warning" role="status" data-testid="group-expired">${e(t('campaigns.group.expiredNote'))}</div>` : '',
  ].join('');
  const product = `<section class="card campaign-product">${g.product.image ? `<img class="campaign-image" src="${e(g.product.image)}" alt="">` : ''}<div><a href="/products/${encodeURIComponent(g.productId)}" data-testid="group-product"><strong>${e(g.product.title)}</strong></a>${g.product.skuName ? `<p class="muted">${e(g.product.skuName)}</p>` : ''}<p><span class="muted">${e(t('campaigns.group.groupPrice'))}</span> <span class="price big" data-testid="group-price">${e(formatFen(g.groupPrice))}</span></p>${single !== null ? `<p class="muted">${e(t('campaigns.group.singlePrice'))} <s data-testid="group-single-price">${e(formatFen(single))}</s>${saves}</p>` : ''}</div></section>`;
  const progressCard = `<section class="card" data-testid="group-progress"><div class="status-head"><span class="pill ${pill}" data-testid="group-status" data-status="${g.status}">${e(t(`campaigns.group.status.${g.status}`))}</span><span data-testid="group-paid-count">${e(progress)}</span></div><progress class="meter" max="${g.groupSize}" value="${g.paidMembers}" aria-label="${e(progress)}"></progress><ul class="member-list" data-testid="group-members" aria-label="${e(t('campaigns.group.members'))}">${members}${empty}</ul>${standing}</section>`;
  const join = forming && g.seatsLeft > 0 && signedOut ? loginButton(t('home.loginCta'), 'group-login') : '';
  const html = `<div class="page campaign-page" data-testid="group-page" data-group-id="${e(g.id)}">${header(t, t('campaigns.group.title'), g.productId)}${product}${progressCard}${join}</div>`;
  return { title: t('campaigns.group.title'), html };
}

/** BargainPage.tsx: the product, whose bargain, the exact amounts (R14) and the helps so far. */
export function bargainPage(t: Texts, language: PageLanguage, b: BargainJson, signedOut: boolean, now: Date): Rendered {
  const pill = b.status === 'ordered' ? 'ok' : b.status === 'expired' ? 'bad' : 'wait';
  const cut = b.price - b.current;
  const remaining = b.remaining > 0 ? t('campaigns.bargain.remaining', { amount: formatFen(b.remaining) }) : t('campaigns.bargain.atFloor', { amount: formatFen(b.floor) });
  const fact = (label: TextKey, value: number, attributes: string) => `<div><dt>${e(t(label))}</dt><dd ${attributes}>${e(formatFen(value))}</dd></div>`;
  const countdown = b.status === 'active' ? `<span class="countdown" data-testid="bargain-countdown">${e(t('campaigns.bargain.countdown', { time: hmsUntil(b.expiresAt, now) }))}</span>` : '';
  const meter = `<progress class="meter" max="${b.price - b.floor}" value="${cut}" aria-label="${e(t('campaigns.bargain.progressLabel', { cut: formatFen(cut), remaining: formatFen(b.remaining) }))}"></progress>`;
  const expired = b.status === 'expired' ? `<div class="banner warning" role="status" data-testid="bargain-expired">${e(t('campaigns.bargain.expiredNote'))}</div>` : '';
  const progress = `<section class="card" data-testid="bargain-progress"><div class="status-head"><span class="pill ${pill}" data-testid="bargain-status" data-status="${b.status}">${e(t(`campaigns.bargain.status.${b.status}`))}</span>${countdown}</div><dl class="facts">${fact('campaigns.bargain.current', b.current, `class="price big" data-testid="bargain-current" data-fen="${b.current}"`)}${fact('campaigns.bargain.original', b.price, 'data-testid="bargain-price"')}${fact('campaigns.bargain.floor', b.floor, 'data-testid="bargain-floor"')}</dl><p class="remaining" data-testid="bargain-remaining" data-fen="${b.remaining}">${e(remaining)}</p>${meter}<p class="muted"><span data-testid="bargain-cut-so-far">${e(t('campaigns.bargain.cutSoFar', { amount: formatFen(cut) }))}</span> · <span data-testid="bargain-helpers-count">${e(t('campaigns.bargain.helpersCount', { count: b.helpers, max: b.maxHelpers }))}</span></p>${expired}</section>`;
  const helps = b.helps.length
    ? `<ul class="member-list">${b.helps
        .map(
          (help) =>
            `<li class="member" data-testid="bargain-helper" data-fen="${help.cut}"><span class="avatar small " aria-hidden="true">${initial(help.helper.displayName)}</span><span class="member-name">${e(help.helper.displayName)}<time class="fine-print" datetime="${e(help.at)}">${e(formatDateTime(help.at, language))}</time></span><span class="price">${e(t('campaigns.bargain.helperCut', { amount: formatFen(help.cut) }))}</span></li>`,
        )
        .join('')}</ul>`
    : `<p class="empty">${e(t('campaigns.bargain.noHelps'))}</p>`;
  const login = b.status === 'active' && signedOut ? loginButton(t('campaigns.bargain.loginToHelp'), 'bargain-login') : '';
  const product = `<section class="card campaign-product">${b.image ? `<img class="campaign-image" src="${e(b.image)}" alt="">` : ''}<div><a href="/products/${encodeURIComponent(b.productId)}" data-testid="bargain-product"><strong>${e(b.title)}</strong></a><p class="muted">${e(b.skuName)}</p><p data-testid="bargain-owner">${e(t('campaigns.bargain.by', { name: b.owner.displayName }))}</p></div></section>`;
  const html = `<div class="page campaign-page" data-testid="bargain-page" data-bargain-id="${e(b.id)}">${header(t, t('campaigns.bargain.title'), b.productId)}${product}${progress}${login}<section class="card" data-testid="bargain-helps"><h2>${e(t('campaigns.bargain.helpers'))}</h2>${helps}</section></div>`;
  return { title: t('campaigns.bargain.title'), html };
}

/** The page a missing note, product, group or bargain shows (status 404). */
export function missingPage(t: Texts, kind: 'note' | 'product' | 'group' | 'bargain', message: TextKey): Rendered {
  const html = `<div class="page" data-testid="${kind}-page"><div class="banner warning" role="status" data-testid="${kind}-missing">${e(t(message))}</div><a class="button secondary" href="/">${e(t('notFound.home'))}</a></div>`;
  return { title: t('notFound.title'), html };
}
