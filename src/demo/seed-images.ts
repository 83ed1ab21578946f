/**
 * Product pictures for the demo shops, drawn rather than shipped: a soft gradient
 * with a simple still life in the product's colours. No text, so no fonts needed.
 */
import sharp from 'sharp';

export async function demoProductImage(hue: number, variant: number, size = 800): Promise<Buffer> {
  const a = `hsl(${hue}, 70%, 88%)`;
  const b = `hsl(${(hue + 40) % 360}, 65%, 72%)`;
  const ink = `hsl(${hue}, 55%, 38%)`;
  const accent = `hsl(${(hue + 180) % 360}, 60%, 55%)`;
  const shapes = [
    `<rect x="250" y="220" width="300" height="380" rx="36" fill="${ink}"/><rect x="300" y="160" width="200" height="90" rx="20" fill="${accent}"/>`,
    `<circle cx="400" cy="420" r="190" fill="${ink}"/><circle cx="470" cy="350" r="60" fill="${accent}" opacity="0.85"/>`,
    `<path d="M220 600 L400 190 L580 600 Z" fill="${ink}"/><circle cx="400" cy="470" r="70" fill="${accent}"/>`,
    `<rect x="190" y="300" width="420" height="260" rx="28" fill="${ink}"/><rect x="230" y="240" width="340" height="80" rx="16" fill="${accent}"/>`,
  ];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient></defs>
    <rect width="800" height="800" fill="url(#g)"/>
    <ellipse cx="400" cy="640" rx="260" ry="36" fill="#000" opacity="0.08"/>
    ${shapes[variant % shapes.length]}
  </svg>`;
  return sharp(Buffer.from(svg)).resize(size, size).jpeg({ quality: 82 }).toBuffer();
}
