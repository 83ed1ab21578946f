/** Reading server-sent event streams in tests, message by message. */

/** A server-sent event stream read message by message. */
export async function openEvents(url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal, headers });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const messages: { event: string; data: any; id?: string }[] = [];
  const comments: string[] = [];
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) comments.push(block);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          const id = /^id: (.*)$/m.exec(block)?.[1];
          if (event && data) messages.push({ event, data: JSON.parse(data), ...(id === undefined ? {} : { id }) });
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    response,
    messages,
    comments,
    /** The first message (from `from` on) that `match` accepts, within `ms`. */
    async next(match: (data: any) => boolean, from = 0, ms = 8_000): Promise<any> {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const found = messages.slice(from).find((m) => match(m.data));
        if (found) return found.data;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`no matching event within ${ms} ms; got ${JSON.stringify(messages.map((m) => m.event))}`);
    },
    async close() {
      abort.abort();
      await pump;
    },
  };
}
