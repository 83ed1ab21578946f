import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce.js';

/** A set statement stand-in: records each round and answers when told to. */
function rounds<In, Out>(answer: (input: In) => Out) {
  const seen: In[][] = [];
  const release: (() => void)[] = [];
  const run = (inputs: readonly In[]) => {
    seen.push([...inputs]);
    return new Promise<Out[]>((resolve) => release.push(() => resolve(inputs.map(answer))));
  };
  return { seen, run, releaseAll: () => release.splice(0).forEach((r) => r()) };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesce', () => {
  it('a lone call goes at once, on its own', async () => {
    const r = rounds((n: number) => n * 2);
    const call = coalesce(r.run);
    const answer = call(21);
    await turn();
    expect(r.seen).toEqual([[21]]);
    r.releaseAll();
    expect(await answer).toBe(42);
  });

  it('calls that arrive while the statements are in flight go together, and each gets its own answer', async () => {
    const r = rounds((n: number) => `#${n}`);
    const call = coalesce(r.run, { maxInFlight: 1 });
    const first = call(1);
    await turn();
    const rest = [2, 3, 4, 5].map(call);
    await turn();
    expect(r.seen).toEqual([[1]]);
    r.releaseAll();
    expect(await first).toBe('#1');
    await turn();
    expect(r.seen).toEqual([[1], [2, 3, 4, 5]]);
    r.releaseAll();
    expect(await Promise.all(rest)).toEqual(['#2', '#3', '#4', '#5']);
  });

  it('never more rounds in flight than allowed, nor more inputs in one than allowed', async () => {
    const r = rounds((n: number) => n);
    const call = coalesce(r.run, { maxInFlight: 2, maxBatch: 3 });
    const answers = Array.from({ length: 10 }, (_, i) => call(i));
    await turn();
    expect(r.seen).toEqual([[0, 1, 2], [3, 4, 5]]);
    r.releaseAll();
    await turn();
    await turn();
    expect(r.seen.slice(2)).toEqual([[6, 7, 8], [9]]);
    r.releaseAll();
    expect(await Promise.all(answers)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('a failed round fails each of its calls, and the next round still runs', async () => {
    let fail = true;
    const call = coalesce(async (inputs: readonly number[]) => {
      if (fail) throw new Error('connection lost');
      return inputs;
    });
    const failed = await Promise.allSettled([call(1), call(2)]);
    expect(failed.map((f) => (f.status === 'rejected' ? (f.reason as Error).message : 'ok'))).toEqual(['connection lost', 'connection lost']);
    fail = false;
    expect(await call(3)).toBe(3);
  });
});
