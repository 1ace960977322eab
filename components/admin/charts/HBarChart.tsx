import { Group } from '@visx/group';
import { scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import type { ReactNode } from 'react';
import { CHART_WIDTH, ChartFigure, GRID, TEXT, type ChartColumn } from './ChartFigure';

export interface HBar {
  key: string;
  /** Shown above the bar; cut with an ellipsis past `maxLabel` characters (the table has it whole). */
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

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

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
