/** Issue 13, alert summaries: the word between value and threshold tells the truth, and shares share one precision. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { comparison, percent } from '../src/alerting/evaluate/common.js';

describe('alert summary words', () => {
  it('say "over" or "below" only for a value past its threshold', () => {
    assert.equal(comparison(433, 800, 'above'), 'within');
    assert.equal(comparison(900, 800, 'above'), 'over');
    assert.equal(comparison(null, 800, 'above'), 'over');
    assert.equal(comparison(0.97, 0.95, 'below'), 'above');
    assert.equal(comparison(0.9, 0.95, 'below'), 'below');
  });

  it('write every share to one decimal (two below 1 %), whatever its size', () => {
    assert.deepEqual([0.0268, 0.33, 0.3333, 0.2, 0.004].map(percent), ['2.7 %', '33 %', '33.3 %', '20 %', '0.4 %']);
    assert.equal(percent(0.00123), '0.12 %');
    assert.equal(percent(null), '–');
  });
});
