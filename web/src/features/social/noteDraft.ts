/**
 * A note started from somewhere else (a review published as a note, issue 17 item 2): the
 * text, the photos (uploads the author already owns) and the product to tag, handed to
 * /notes/new through the router's navigation state, so nothing is sent until the author
 * publishes. The tag is the web's own draft (TagPlacer's DraftTag), not a server shape.
 *
 * @example
 *   void navigate('/notes/new', noteDraftState({ body: review.text, images: review.images, tag }));
 *   const draft = readNoteDraft(useLocation().state);
 */
import type { DraftTag } from './components/TagPlacer';

export interface NoteDraft {
  title?: string;
  body: string;
  images: readonly string[];
  /** Placed in the middle of the first photo (or of the first one added when there is none yet). */
  tag?: Omit<DraftTag, 'x' | 'y'>;
}

const KEY = 'noteDraft';

/** The `navigate` options that carry `draft` to the note editor. */
export function noteDraftState(draft: NoteDraft): { state: Record<typeof KEY, NoteDraft> } {
  return { state: { [KEY]: draft } };
}

/** The draft in a location's state, if it carries one. */
export function readNoteDraft(state: unknown): NoteDraft | undefined {
  if (typeof state !== 'object' || state === null || !(KEY in state)) return undefined;
  const draft = (state as Record<typeof KEY, unknown>)[KEY];
  if (typeof draft !== 'object' || draft === null) return undefined;
  const { body, images } = draft as Partial<NoteDraft>;
  return typeof body === 'string' && Array.isArray(images) ? (draft as NoteDraft) : undefined;
}

/** A draft tag sits in the middle of its photo until the author moves it. */
export const placeTag = (tag: Omit<DraftTag, 'x' | 'y'>): DraftTag => ({ ...tag, x: 0.5, y: 0.5 });
