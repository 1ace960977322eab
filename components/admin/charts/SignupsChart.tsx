import { Group } from '@visx/group';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar, Line } from '@visx/shape';
import { dayLabel as dayLabelIn } from '@/lib/features/admin/tenant-status';
import { intlLocale } from '@/lib/infra/format';
import type { DayCount } from '@/lib/features/admin/dashboard';
import { CHART_WIDTH, ChartFigure, GRID, TEXT } from './ChartFigure';

const HEIGHT = 170;
const M = { top: 10, right: 8, bottom: 26, left: 36 };

/** "27 Nov" from YYYY-MM-DD: the axis has no room for the year (the table has it). */
const shortDay = (day: string, locale: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(day)
    ? new Intl.DateTimeFormat(intlLocale(locale), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`))
    : day;

/** New tenants per day over the last 30 days, as columns. */
export function SignupsChart({ days }: { days: DayCount[] }) {
  const t = useTranslations('admin.charts.signups');
  const format = useFormatter();
  const locale = useLocale();
  const dayLabel = (day: string) => dayLabelIn(day, locale);
  const total = days.reduce((s, d) => s + d.count, 0);
  const busiest = days.reduce<DayCount | null>((b, d) => (d.count > (b?.count ?? 0) ? d : b), null);
  const first = days[0]?.day;
  const last = days[days.length - 1]?.day;
  const innerW = CHART_WIDTH - M.left - M.right;
  const innerH = HEIGHT - M.top - M.bottom;
  const x = scaleBand<string>({ domain: days.map((d) => d.day), range: [0, innerW], padding: 0.2 });
  const y = scaleLinear<number>({ domain: [0, Math.max(1, busiest?.count ?? 0)], range: [innerH, 0], nice: true });
  const ticks = y.ticks(Math.min(4, y.domain()[1] ?? 1)).filter((t) => Number.isInteger(t));
  const summary =
    total === 0
      ? ''
      : t('summary', { total, first: first ? dayLabel(first) : '', last: last ? dayLabel(last) : '' }) +
        (busiest ? t('busiest', { day: dayLabel(busiest.day), count: format.number(busiest.count) }) : t('end'));
  const labelled = new Set([days[0]?.day, days[Math.floor(days.length / 2)]?.day, last]);
  return (
    <ChartFigure
      id="signups"
      title={t('title')}
      summary={summary}
      height={HEIGHT}
      empty={total === 0 ? t('empty') : null}
      rows={days}
      rowKey={(d) => d.day}
      columns={[
        { label: t('day'), cell: (d) => dayLabel(d.day) },
        { label: t('newTenants'), cell: (d) => format.number(d.count), numeric: true },
      ]}
    >
      <Group left={M.left} top={M.top}>
        {ticks.map((tick) => (
          <g key={tick}>
            <Line from={{ x: 0, y: y(tick) }} to={{ x: innerW, y: y(tick) }} stroke={GRID} />
            <text x={-6} y={y(tick)} dy="0.32em" textAnchor="end" fill={TEXT}>
              {format.number(tick)}
            </text>
          </g>
        ))}
        {days.map((d) => {
          const h = innerH - y(d.count);
          return (
            <Bar key={d.day} x={x(d.day)} y={y(d.count)} width={x.bandwidth()} height={h} fill="#4f46e5">
              <title>{`${dayLabel(d.day)}: ${d.count}`}</title>
            </Bar>
          );
        })}
        <Line from={{ x: 0, y: innerH }} to={{ x: innerW, y: innerH }} stroke={TEXT} />
        {days
          .filter((d) => labelled.has(d.day))
          .map((d, i, shown) => (
            <text
              key={d.day}
              x={(x(d.day) ?? 0) + (i === 0 ? 0 : i === shown.length - 1 ? x.bandwidth() : x.bandwidth() / 2)}
              y={innerH + 19}
              textAnchor={i === 0 ? 'start' : i === shown.length - 1 ? 'end' : 'middle'}
              fill={TEXT}
            >
              {shortDay(d.day, locale)}
            </text>
          ))}
      </Group>
    </ChartFigure>
  );
}
