import { Group } from '@visx/group';
import { scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import type { ReactNode } from 'react';
import { CHART_WIDTH, ChartFigure, FONT, GRID, TEXT, type ChartColumn } from './ChartFigure';

export interface HBar {
  key: string;
  /** Shown above the bar; cut with an ellipsis past `maxLabel` characters or the chart's width (the table has it whole). */
  label: string;
  value: number;
  /** The value as text, at the bar's end. */
  valueLabel: string;
  color: string;
}

const ROW = 42;
const BAR = 12;
/** Room at the bar's end for its value ("1,234", "12.3 MB"), so the two never overlap. */
const VALUE_W = 72;
const BAR_Y = 22;

/** A generous guess at a character's width in em (SVG text cannot be measured on the server). */
const charEm = (c: string) => (/[mwMW@%]/.test(c) ? 0.95 : /[iljtfrI.,:;'|!() ]/.test(c) ? 0.4 : /[A-Z]/.test(c) ? 0.78 : 0.62);

/** The label, cut with an ellipsis to at most `n` characters and to what fits the chart's width. */
function cut(s: string, n: number): string {
  const room = CHART_WIDTH / FONT; // in em
  const width = (t: string) => [...t].reduce((w, c) => w + charEm(c), 0);
  if (s.length <= n && width(s) <= room) return s;
  let out = '';
  let used = 1; // the ellipsis
  for (const c of s) {
    if (out.length >= n - 1 || used + charEm(c) > room) break;
    used += charEm(c);
    out += c;
  }
  return `${out}…`;
}

/**
 * Horizontal bars with their label on a line of its own above each bar and the value after the
 * bar, so long tenant names and a 390 px screen neither squeeze the bars nor overlap the values.
 */
export function HBarChart({
  id,
  title,
  summary,
  empty,
  bars,
  columns,
  legend,
  maxLabel = 40,
}: {
  id: string;
  title: string;
  summary: string;
  empty?: ReactNode;
  bars: HBar[];
  columns: ChartColumn<HBar>[];
  legend?: ReactNode;
  maxLabel?: number;
}) {
  const height = Math.max(1, bars.length) * ROW + 4;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const x = scaleLinear<number>({ domain: [0, max], range: [0, CHART_WIDTH - VALUE_W] });
  return (
    <ChartFigure
      id={id}
      title={title}
      summary={summary}
      height={height}
      empty={empty}
      rows={bars}
      rowKey={(b) => b.key}
      columns={columns}
      legend={legend}
    >
      {bars.map((b, i) => (
        <Group key={b.key} top={i * ROW}>
          <text x={0} y={14} fill={TEXT}>
            {cut(b.label, maxLabel)}
          </text>
          <text x={CHART_WIDTH} y={BAR_Y + BAR / 2} dy="0.35em" textAnchor="end" fill={TEXT} fontWeight={600}>
            {b.valueLabel}
          </text>
          <Bar x={0} y={BAR_Y} width={CHART_WIDTH - VALUE_W} height={BAR} fill={GRID} rx={2} />
          <Bar x={0} y={BAR_Y} width={b.value > 0 ? Math.max(2, x(b.value)) : 0} height={BAR} fill={b.color} rx={2}>
            <title>{`${b.label}: ${b.valueLabel}`}</title>
          </Bar>
        </Group>
      ))}
    </ChartFigure>
  );
}
