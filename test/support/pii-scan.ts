/**
 * Scanning answers for personal data (R1, D3): each secret found whole,
 * percent-encoded, or masked so little that more than `maskedMayShow` characters
 * show. test/public-pii.test.ts scans public answers with it, test/operator-pii.test.ts
 * an operator's.
 */
import type { Response } from './http.js';

export interface Secret {
  what: string;
  value: string;
  /** How many characters of it a masked form may show (the masked phone style shows 7). */
  maskedMayShow: number;
}

export interface Scanned {
  what: string;
  status: number;
  text: string;
}

const MASK_CHARACTERS = new Set(['*', '•', '·', '×', '＊']);

/** Every window of `text` that is `secret` with some characters masked and more than `mayShow` shown. */
export function revealingMasks(text: string, secret: string, mayShow: number): string[] {
  const found: string[] = [];
  const upper = secret.toUpperCase();
  for (let i = 0; i + secret.length <= text.length; i++) {
    let shown = 0;
    let masked = 0;
    let j = 0;
    for (; j < secret.length; j++) {
      const ch = text[i + j]!;
      if (MASK_CHARACTERS.has(ch)) masked++;
      else if (ch.toUpperCase() === upper[j]) shown++;
      else break;
    }
    if (j === secret.length && masked > 0 && shown > mayShow) found.push(text.slice(i, i + secret.length));
  }
  return found;
}

/** What a response leaks: each secret found whole, percent-encoded, or masked too little. */
export function leaks(response: Scanned, secrets: Secret[]): string[] {
  const out: string[] = [];
  let decoded = response.text;
  try {
    decoded = JSON.stringify(JSON.parse(response.text));
  } catch {
    /* not JSON: the text as it is */
  }
  for (const secret of secrets) {
    for (const text of new Set([response.text, decoded])) {
      const forms = new Set([secret.value, encodeURIComponent(secret.value)]);
      for (const form of forms) if (text.includes(form)) out.push(`${response.what} → ${response.status} holds the ${secret.what} (${form})`);
      for (const masked of revealingMasks(text, secret.value, secret.maskedMayShow)) out.push(`${response.what} → ${response.status} holds the ${secret.what} masked as ${masked}`);
    }
  }
  return [...new Set(out)];
}

/** A server-sent event stream's first message (the streams never end by themselves). */
export async function firstEvent(url: string, token?: string): Promise<Response> {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const reader = response.body!.getReader();
  let text = '';
  while (!text.includes('\n\n', text.indexOf('data:')) || !text.includes('data:')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  abort.abort();
  return { status: response.status, headers: response.headers, text, body: null };
}
