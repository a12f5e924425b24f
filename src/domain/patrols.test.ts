import { describe, expect, it } from 'vitest';
import { PATROLLING_ROLES, patrolPointProblem } from './patrols.ts';

const NOW = new Date('2026-05-06T08:00:00Z');
const minutes = (count: number) => new Date(NOW.getTime() + count * 60_000);

describe('which patrol points are taken', () => {
  it.each([
    ['now', minutes(0), null],
    ['five minutes ahead (a phone clock running fast)', minutes(5), null],
    ['six minutes ahead', minutes(6), 'in_future'],
    ['seven days ago', minutes(-7 * 24 * 60), null],
    ['seven days and a minute ago', minutes(-7 * 24 * 60 - 1), 'too_old'],
  ])('a point taken %s: %s', (_name, at, expected) => {
    expect(patrolPointProblem(at, NOW)).toBe(expected);
  });

  it('grid workers and grid leaders patrol', () => {
    expect([...PATROLLING_ROLES].sort()).toEqual(['grid_leader', 'grid_worker']);
  });
});
