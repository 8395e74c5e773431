/** The bench's tables and goal verdicts (pure functions; the bench itself never runs in a test). */
import { describe, expect, it } from 'vitest';
import { best, goalCell, goalState, goalsTable, growth, markdownTable, median, seconds, type Goal } from '../../bench/format.js';
import { goalsOf } from '../../bench/goals.js';
import { perExtraCase, type ScalingFigure } from '../../bench/scaling.js';
import type { StartupFigure } from '../../bench/startup.js';

describe('markdownTable', () => {
  it('writes the header, the alignment rule and the rows, escaping pipes', () => {
    expect(markdownTable(['a', 'b'], [['1', 'x|y']], ['left', 'right'])).toBe('| a | b |\n|---|---:|\n| 1 | x\\|y |');
  });
  it('pads a short row to the header', () => {
    expect(markdownTable(['a', 'b'], [['1']])).toBe('| a | b |\n|---|---|\n| 1 |  |');
  });
});

describe('statistics', () => {
  it('median of odd and even counts, best is the minimum, none is NaN', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(best([0.4, 0.2, 0.3])).toBe(0.2);
    expect(median([])).toBeNaN();
    expect(best([])).toBeNaN();
  });
  it('growth is largest over smallest, ignoring unmeasured values', () => {
    expect(growth([100, 110, 125])).toBe(1.25);
    expect(growth([NaN, 80, 80])).toBe(1);
    expect(growth([])).toBeNaN();
  });
  it('seconds keep the digits that matter', () => {
    expect(seconds(0.2346)).toBe('0.235 s');
    expect(seconds(2.5)).toBe('2.50 s');
    expect(seconds(123.46)).toBe('123.5 s');
    expect(seconds(NaN)).toBe('n/a');
  });
});

describe('goals', () => {
  const g = (figure: number, op: Goal['op']): Goal => ({ what: 'x', figure, op, bound: 3, show: (n) => String(n) });
  it('met at the bound, not met past it, not measured without a figure', () => {
    expect(goalState(g(3, '≤'))).toBe('met');
    expect(goalState(g(3.1, '≤'))).toBe('not met');
    expect(goalState(g(3, '≥'))).toBe('met');
    expect(goalState(g(2.9, '≥'))).toBe('not met');
    expect(goalState(g(NaN, '≤'))).toBe('not measured');
    expect(goalCell(g(4, '≤'))).toBe('≤ 3: not met');
    expect(goalsTable([g(1, '≤')])).toContain('| x | 1 | ≤ 3 | met |');
  });

  it('every goal of the issue from the figures, held against the best start-up', () => {
    const scaling = [60, 70, 90].map((peakRssMiB, i) => ({ runs: [25, 100, 400][i]!, peakRssMiB }) as ScalingFigure);
    const startup = [
      { name: 'help', args: ['--help'], repetitions: 10, bestSeconds: 0.25, medianSeconds: 0.4, bestRssMiB: 70, medianRssMiB: 72, failures: [] },
      { name: 'start', args: ['run'], repetitions: 5, bestSeconds: 3.5, medianSeconds: 4, bestRssMiB: 120, medianRssMiB: 125, failures: [] },
    ] satisfies StartupFigure[];
    const goals = goalsOf({
      throughput: { ratio: 0.6 } as never,
      scaling,
      startup,
      generation: [{ spec: 'yandex-message-queue/send-message', kind: 'at-limit boundary', requests: 1, perSecond: 4000, meanBytes: 1 }],
    });
    expect(goals.map((x) => [x.figure, goalState(x)])).toEqual([
      [0.6, 'met'],
      [90, 'met'],
      [1.5, 'not met'],
      [0.25, 'met'],
      [70 * 1.048576, 'met'],
      [3.5, 'not met'],
      [4000, 'not met'],
    ]);
    expect(goalsOf({}).every((x) => goalState(x) === 'not measured')).toBe(true);
  });
});

describe('perExtraCase', () => {
  const row = (cases: number, runSeconds: number, peakRssMiB: number) => ({ cases, runSeconds, peakRssMiB }) as ScalingFigure;
  it('divides the growth of run time and peak RSS by the extra cases; nothing for the first row', () => {
    expect(perExtraCase(row(1000, 2, 100), row(3000, 4, 102))).toEqual({ micros: 1000, rssKib: 1.024 });
    expect(perExtraCase(undefined, row(1000, 2, 100)).micros).toBeNaN();
    expect(perExtraCase(row(1000, 2, 100), row(1000, 2, 100)).rssKib).toBeNaN();
  });
});
