import { expect, test } from 'vitest';
import { drawGroup } from '../../harness/engine/steps/multicast-send-step.js';
import { seededRandom } from '../../harness/engine/random.js';

test('a drawn group lies in the block, follows the seed, and is never one already joined', () => {
  const a = drawGroup(seededRandom(7, 'x'), '239.0.0.0/8', new Set());
  expect(a).toMatch(/^239\.\d+\.\d+\.\d+$/);
  expect(drawGroup(seededRandom(7, 'x'), '239.0.0.0/8', new Set())).toBe(a);
  expect(drawGroup(seededRandom(7, 'x'), '239.0.0.0/8', new Set([a]))).not.toBe(a);
  // A block of 4 with 3 taken leaves one choice.
  expect(drawGroup(seededRandom(1, 'x'), '239.1.2.4/30', new Set(['239.1.2.4', '239.1.2.5', '239.1.2.7']))).toBe('239.1.2.6');
});
