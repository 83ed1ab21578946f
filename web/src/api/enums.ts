/**
 * Lists of a server enum's values that cannot drift from the generated types: the list
 * must name every value of `Code` and nothing else, so a value the server adds fails the
 * web's typecheck where the web lists it (and, through the typed `t`, until it has words),
 * instead of showing up later as a raw code on a screen.
 *
 * @example
 *   export const DISPUTE_STATUSES = everyValue<Dispute['status']>()(['open', 'responded', …]);
 *   // leaving out 'closed' is an error: "… is not assignable to { missing: "closed" }"
 */
export function everyValue<Code extends string>() {
  return <const List extends readonly Code[]>(list: List & ([Exclude<Code, List[number]>] extends [never] ? unknown : { missing: Exclude<Code, List[number]> })): List =>
    list;
}

/** Whether a value read at run time (from a server newer than this build) is one of `codes`. */
export function isOneOf<Code extends string>(codes: readonly Code[], value: string): value is Code {
  return (codes as readonly string[]).includes(value);
}
