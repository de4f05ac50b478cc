import { BOARD_LIMIT, board, type BoardKey } from './board.js';
import { decodeCursor } from './cursor.js';
import { BOARD_PARTS_KEPT_MS, type BoardParts } from './board-parts.js';
import { readEachWhenFree, type QueryContext } from './context.js';
import { DAY, HOUR } from '../rollup/tiers.js';

/** The console's board windows, each ending now: what the keeper holds current. */
export const KEPT_BOARD_SPANS = [HOUR, DAY, 7 * DAY, 30 * DAY] as const;
/** A fresh instance's first pass comes this soon (a restart, a failover): the console may open any moment. */
export const BOARD_KEPT_AFTER_START_MS = 5_000;
/**
 * A pass renews each part that would expire before the next pass, with this to spare: the next
 * pass starts `everyMs` after this one ends, and reaches a window as late as this one did, give or
 * take the passes' lengths.
 */
const RENEW_MARGIN_MS = 60_000;
/**
 * Pages of a window a pass reads at most: 10,000 integrations. Each page adds its tiles to the
 * parts the first renewed, so a board wider than a page is kept whole, not its first page only.
 */
const KEPT_BOARD_PAGES = 10;

/**
 * One pass of the board's keeper (every `everyMs`, on every instance: each keeps its own parts,
 * and a load balancer may send the console to any). It reads the whole board of each of the
 * console's windows with the instance's parts, as a request would: it catches up on late calls
 * (so parts stay trustworthy however long nobody looks), reads what no read keeps yet (a day
 * settled since) and renews what would expire before the next pass. So the console's first load,
 * after a start or a quiet hour, finds its window's settled days, hours and minutes already read
 * (at 1,000 integrations a whole board of 30 days read cold takes 0.3–0.9 s, kept 0.05–0.1 s:
 * docs/benchmarks.md). Each window's read waits for a free read slot, as the overview's keeper does,
 * for up to half the interval in all; a window whose read fails does not stop the others (the first
 * error is the job's once the pass ends). A window is read a page at a time (`pageSize` tiles),
 * every page of it up to KEPT_BOARD_PAGES. Answers how many windows it kept.
 */
export function keepBoards(context: QueryContext, parts: BoardParts, everyMs: number, pageSize = BOARD_LIMIT): Promise<number> {
  return readEachWhenFree(
    context,
    KEPT_BOARD_SPANS,
    async (ctx, span) => {
      const now = ctx.clock();
      let after: BoardKey | undefined;
      for (let page = 0; page < KEPT_BOARD_PAGES; page++) {
        const answer = await board(ctx, { from: now - span, to: now }, {}, undefined, { limit: pageSize, ...(after ? { after } : {}) }, parts, now + everyMs + RENEW_MARGIN_MS - BOARD_PARTS_KEPT_MS);
        if (answer.next === null) return;
        after = decodeCursor(answer.next, ['number', 'number', 'string'] as const);
      }
    },
    performance.now() + everyMs / 2,
  );
}
