/**
 * Coalescing of concurrent single-row statements into one set statement.
 *
 * Why: under load every request's own small statements (its session, its
 * Idempotency-Key) each cost a round trip, a pool connection and the server's
 * parse-plan-execute, on the same cores as the request work itself (flash
 * sales). Here calls that arrive while one of these statements is in flight wait
 * and then go together in one: one round trip for the lot. An idle server sees no
 * difference: a call with nothing in flight goes at the next turn of the event loop
 * (calls that arrived in the same turn go with it), so no timer holds it back.
 *
 * `run` gets the inputs in arrival order and answers one output per input, in the
 * same order. If it throws, every call of that round gets the error, as each would
 * have got it on its own.
 */

export interface CoalesceOptions {
  /** Most inputs in one statement (bind parameters stay below PostgreSQL's 65,535). */
  maxBatch?: number;
  /** Statements of this kind in flight at once; the rest of the calls wait for one to end. */
  maxInFlight?: number;
}

interface Pending<In, Out> {
  input: In;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}

/**
 * @example
 *   const findSession = coalesce((hashes: readonly string[]) => repo.sessionsByHash(db, hashes).then((rows) => hashes.map((h) => rows.find((r) => r.token_hash === h))));
 *   const session = await findSession(hash);
 */
export function coalesce<In, Out>(run: (inputs: readonly In[]) => Promise<readonly Out[]>, options: CoalesceOptions = {}): (input: In) => Promise<Out> {
  const maxBatch = options.maxBatch ?? 500;
  const maxInFlight = options.maxInFlight ?? 2;
  const waiting: Pending<In, Out>[] = [];
  let inFlight = 0;
  let scheduled = false;

  async function flush(): Promise<void> {
    scheduled = false;
    while (waiting.length > 0 && inFlight < maxInFlight) {
      const round = waiting.splice(0, maxBatch);
      inFlight++;
      void (async () => {
        try {
          const outputs = await run(round.map((p) => p.input));
          round.forEach((p, i) => p.resolve(outputs[i]!));
        } catch (error) {
          round.forEach((p) => p.reject(error));
        } finally {
          inFlight--;
          if (waiting.length > 0) schedule();
        }
      })();
    }
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void flush());
  }

  return (input: In) =>
    new Promise<Out>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      if (inFlight < maxInFlight) schedule();
    });
}
