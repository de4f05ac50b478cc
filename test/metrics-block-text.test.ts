/**
 * A block's lines kept encoded in one buffer rewritten in place (src/metrics/block-text.ts): after
 * any sequence of integrations rendered again, grown, emptied or added, the block reads as the
 * concatenation of each integration's last lines, in UTF-8, whatever their characters.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BlockText, Scratch } from '../src/metrics/block-text.js';

/** A small deterministic generator, so a failure replays. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const PIECES = ['adapter_requests_total{integration_id="a"} 1\n', 'x{entity="é\\"ü"} 2\n', 'y{queue="队列"} 3\n', 'z{a="😀"} 4\n', ''];

describe('a block of integrations\' lines kept encoded', () => {
  it('reads as every integration\'s last lines after random rounds of changes', () => {
    const next = random(14);
    const block = new BlockText();
    const scratch = new Scratch();
    const expected: string[] = [];
    for (let round = 0; round < 300; round++) {
      // Integrations join the block over time; some rounds change most of them, some none.
      if (expected.length < 32 && next() < 0.3) expected.push('');
      const changes = Math.floor(next() * (expected.length + 1));
      for (let i = 0; i < changes; i++) {
        const slot = Math.floor(next() * expected.length);
        // Lines from none to long: long enough now and then to make the buffers grow.
        const count = next() < 0.05 ? 2_000 : Math.floor(next() * 6);
        const text = Array.from({ length: count }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
        expected[slot] = text;
        block.set(slot, scratch.encode(text));
      }
      block.commit();
      scratch.reset();
      const joined = expected.join('');
      const read = block.read();
      assert.equal(read?.toString('utf8') ?? '', joined, `round ${round}`);
      assert.equal(block.length, Buffer.byteLength(joined), `round ${round}: the length kept is the bytes read`);
    }
  });

  it('allocates nothing once its buffers fit the lines', () => {
    const block = new BlockText();
    const scratch = new Scratch();
    const text = 'adapter_requests_total{integration_id="a",status="ok"} 12\n'.repeat(50);
    const buffers = new Set<ArrayBufferLike>();
    for (let round = 0; round < 10; round++) {
      for (let slot = 0; slot < 32; slot++) block.set(slot, scratch.encode(text.replace('12', String(round))));
      block.commit();
      scratch.reset();
      buffers.add(block.read()!.buffer);
    }
    assert.equal(buffers.size, 2, 'two buffers, written in turn');
  });
});
