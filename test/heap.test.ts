import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MinHeap } from '../src/common/heap.js';

describe('the min-heap the check scheduler and the simulator share', () => {
  it('gives back any pushed numbers earliest first, interleaving pushes and pops', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const heap = new MinHeap<number>((a, b) => a < b);
    const kept: number[] = [];
    const popped: Array<[number | undefined, number | undefined]> = [];
    for (let i = 0; i < 2_000; i++) {
      if (random() < 0.6) {
        const value = Math.floor(random() * 500);
        heap.push(value);
        kept.push(value);
      } else {
        kept.sort((a, b) => a - b);
        popped.push([heap.pop(), kept.shift()]);
      }
      assert.equal(heap.size, kept.length);
    }
    for (const [got, expected] of popped) assert.equal(got, expected);
    kept.sort((a, b) => a - b);
    assert.equal(heap.peek(), kept[0]);
    const rest: number[] = [];
    while (heap.size > 0) rest.push(heap.pop()!);
    assert.deepEqual(rest, kept);
    assert.equal(heap.pop(), undefined);
  });
});
