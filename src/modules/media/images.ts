/**
 * Image intake with sharp: the format is read from the bytes, never the file name;
 * the image is re-encoded, which drops EXIF (location, camera, owner) and every
 * other metadata block, after turning it upright; a 400 px thumbnail is made.
 */
import sharp from 'sharp';

export type ImageFormat = 'jpeg' | 'png' | 'webp';

export interface CleanImage {
  format: ImageFormat;
  extension: 'jpg' | 'png' | 'webp';
  contentType: string;
  data: Buffer;
  width: number;
  height: number;
  thumbnail: Buffer;
}

const ACCEPTED: Record<string, { format: ImageFormat; extension: CleanImage['extension']; contentType: string }> = {
  jpeg: { format: 'jpeg', extension: 'jpg', contentType: 'image/jpeg' },
  png: { format: 'png', extension: 'png', contentType: 'image/png' },
  webp: { format: 'webp', extension: 'webp', contentType: 'image/webp' },
};

/** 40 megapixels: a decompression bomb stops here instead of in memory. */
const MAX_PIXELS = 40_000_000;
export const THUMBNAIL_SIZE = 400;

/** The cleaned image, or undefined when the bytes are not a JPEG, PNG or WebP image. */
export async function cleanImage(input: Buffer): Promise<CleanImage | undefined> {
  let format: string | undefined;
  try {
    format = (await sharp(input, { limitInputPixels: MAX_PIXELS }).metadata()).format;
  } catch {
    return undefined;
  }
  const accepted = format ? ACCEPTED[format] : undefined;
  if (!accepted) return undefined;
  try {
    const upright = sharp(input, { limitInputPixels: MAX_PIXELS, animated: false }).rotate();
    const encoded =
      accepted.format === 'jpeg'
        ? upright.jpeg({ quality: 85, mozjpeg: true })
        : accepted.format === 'png'
          ? upright.png({ compressionLevel: 9 })
          : upright.webp({ quality: 85 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(data).resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
    return { ...accepted, data, width: info.width, height: info.height, thumbnail };
  } catch {
    // Truncated or corrupt past the header.
    return undefined;
  }
}
