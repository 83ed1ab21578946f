/**
 * Pictures at the size they are shown (issue 16 item 4). The server keeps a 400 px WebP
 * thumbnail beside every upload (`/uploads/<id>.jpg` → `/uploads/<id>-thumb.webp`,
 * src/modules/media); feed cards and small tiles take it, and a wide slot lets the browser
 * pick the original through `srcset`/`sizes`. Anything that is not an upload is used as is.
 *
 * @example
 *   <img {...pictureProps(note.images[0], CARD_SIZES)} width={400} height={400} alt="" />
 */
const UPLOAD = /^(\/uploads\/[0-9a-f-]{36})\.(?:jpg|png|webp)$/;
export const THUMBNAIL_WIDTH = 400;
/**
 * Uploads keep their own size, which the note and product answers do not carry; a typical
 * phone photo is about this wide. Only the browser's choice between the two depends on it.
 */
const ORIGINAL_WIDTH = 1080;

/** A card in the two-column feed or product grid: half the 560 px page column (base.css). */
export const CARD_SIZES = '(min-width: 560px) 270px, 50vw';
/** A picture as wide as the page column (product gallery, note carousel). */
export const FULL_SIZES = '(min-width: 560px) 560px, 100vw';
/**
 * The box an image holds before it has loaded, so nothing below it jumps when it arrives
 * (CLS). Square, like most product photos (and every demo picture); a photo of another shape
 * still settles into its own height.
 */
export const SQUARE_BOX = { width: THUMBNAIL_WIDTH, height: THUMBNAIL_WIDTH } as const;

export function thumbnailOf(url: string): string {
  const match = UPLOAD.exec(url);
  return match ? `${match[1]}-thumb.webp` : url;
}

export function pictureProps(url: string, sizes: string): { src: string; srcSet?: string; sizes?: string } {
  const thumbnail = thumbnailOf(url);
  if (thumbnail === url) return { src: url };
  return { src: thumbnail, srcSet: `${thumbnail} ${THUMBNAIL_WIDTH}w, ${url} ${ORIGINAL_WIDTH}w`, sizes };
}
