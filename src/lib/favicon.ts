/**
 * Agora's icon (the red rounded square with an "A") as a data URL, the same one
 * web/index.html links: a page that links it needs no request for it, and a page that
 * links none makes the browser ask for /favicon.ico, a 404 in its console.
 */
export const FAVICON_DATA_URL =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='8' fill='%23e8283d'/%3E%3Ctext x='16' y='23' font-family='Arial,sans-serif' font-size='20' font-weight='700' fill='white' text-anchor='middle'%3EA%3C/text%3E%3C/svg%3E";

/** The `<link>` for a page's head. */
export const FAVICON_LINK = `<link rel="icon" href="${FAVICON_DATA_URL}">`;
