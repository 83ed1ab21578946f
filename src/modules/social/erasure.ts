/**
 * A user's social traces when the account is erased (PIPL art. 47, R15), as the
 * user chooses:
 *
 * - `anonymise`: notes, comments, likes, collects and follows stay, under the
 *   pseudonym the accounts module gave the tombstone (「已注销用户 8F3K」): threads and
 *   counts others see keep making sense, and nothing names the person. (Free text
 *   the user wrote stays as written — that is the choice the page spells out.)
 * - `delete`: the notes are emptied and withdrawn (title, body, images, search
 *   entry and hashtags go; the row stays because orders and R12 rewards name it),
 *   comments, likes and collects are deleted with the counters they moved, and
 *   follows go both ways. Others' replies to a deleted comment stay, as top-level.
 *
 * Either way the personalised-feed snapshots of the user are dropped. Reports the
 * user filed stay (moderation records, R11), naming only the tombstone.
 *
 * @example
 *   await social.erasure.erase(tx, userId, 'delete');
 */
import type { Executor } from '../../database.js';
import type { Clock } from '../../lib/clock.js';
import { socialErasureRepo as repo } from './erasure-repo.js';

export type ContentChoice = 'delete' | 'anonymise';

export interface SocialErasureReport {
  notes: number;
  comments: number;
  likes: number;
  collects: number;
}

const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

export function createSocialErasure(deps: { clock: Clock }) {
  return {
    async erase(ex: Executor, userId: string, content: ContentChoice): Promise<SocialErasureReport> {
      await repo.deleteFeedSnapshots(ex, userId);
      if (content === 'anonymise') return { notes: 0, comments: 0, likes: 0, collects: 0 };
      const notes = await repo.emptyNotesOf(ex, userId, deps.clock.now());
      await repo.dropSearchAndHashtags(ex, notes);
      const likes = await repo.deleteReactions(ex, 'note_likes', userId);
      const collects = await repo.deleteReactions(ex, 'note_collects', userId);
      const comments = await repo.deleteComments(ex, userId);
      for (const [counter, counts] of [['like_count', likes], ['collect_count', collects], ['comment_count', comments]] as const) {
        for (const [noteId, n] of counts) await repo.lowerCounter(ex, counter, noteId, n);
      }
      await repo.deleteFollows(ex, userId);
      return { notes: notes.length, comments: total(comments), likes: total(likes), collects: total(collects) };
    },
  };
}

export type SocialErasure = ReturnType<typeof createSocialErasure>;
