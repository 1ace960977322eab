import { Group } from '@visx/group';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { formatHourMinute } from '@/lib/features/admin/locale-format';
import { scaleLinear, scaleTime } from '@visx/scale';
import { Line, LinePath } from '@visx/shape';
import type { PoolCounters, PoolSample } from '@/lib/features/admin/pool-samples';
import { CHART_WIDTH, ChartFigure, GRID, TEXT } from './ChartFigure';

const HEIGHT = 170;
const M = { top: 10, right: 8, bottom: 26, left: 36 };
const MINUTE = 60_000;

type Key = keyof Pick<PoolCounters, 'cl_active' | 'cl_waiting' | 'sv_active' | 'sv_idle'>;

// Told apart by dash pattern as well as colour (the legend repeats both).
const SERIES_STYLE: { key: Key; color: string; dash?: string }[] = [
  { key: 'cl_active', color: '#4338ca' },
  { key: 'cl_waiting', color: '#b91c1c', dash: '5 3' },
  { key: 'sv_active', color: '#15803d', dash: '1 3' },
  { key: 'sv_idle', color: '#64748b', dash: '8 3 2 3' },
];

/** PgBouncer's clients and servers over the last hour, one point a minute; a missing minute is a gap. */
export function PoolChart({ samples, now = new Date() }: { samples: PoolSample[]; now?: Date }) {
  const t = useTranslations('admin.charts.pool');
  const locale = useLocale();
  const hhmm = (d: Date) => t('time', { time: formatHourMinute(d, locale) });
  const SERIES = SERIES_STYLE.map((s) => ({ ...s, label: t(`series.${s.key}`) }));
  const end = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const start = end - 60 * MINUTE;
  const byMinute = new Map(samples.map((s) => [Math.floor(s.at.getTime() / MINUTE) * MINUTE, s]));
  const minutes = Array.from({ length: 61 }, (_, i) => start + i * MINUTE);
  const innerW = CHART_WIDTH - M.left - M.right;
  const innerH = HEIGHT - M.top - M.bottom;
  const max = Math.max(1, ...samples.flatMap((s) => SERIES.map((k) => s[k.key])));
  const x = scaleTime<number>({ domain: [new Date(start), new Date(end)], range: [0, innerW] });
  const y = scaleLinear<number>({ domain: [0, max], range: [innerH, 0], nice: true });
  const ticks = y.ticks(Math.min(4, y.domain()[1] ?? 1)).filter((t) => Number.isInteger(t));
  const latest = samples[samples.length - 1];
  const peak = (k: Key) => Math.max(0, ...samples.map((s) => s[k]));
  const summary = latest
    ? t('summary', {
        count: String(samples.length),
        since: hhmm(samples[0]!.at),
        at: hhmm(latest.at),
        values: SERIES.map((s) => `${t(`seriesLower.${s.key}`)} ${latest[s.key]}`).join(', '),
        clActive: String(peak('cl_active')),
        clWaiting: String(peak('cl_waiting')),
        svActive: String(peak('sv_active')),
      })
    : '';
  return (
    <ChartFigure
      id="pool"
      title={t('title')}
      summary={summary}
      height={HEIGHT}
      empty={
        latest ? null : (
          <>
            {t.rich('empty', {
              code: (chunks) => <code>{chunks}</code>,
              link: (chunks) => (
                <Link href="/admin/pool" className="font-semibold text-indigo-800 underline underline-offset-4">
                  {chunks}
                </Link>
              ),
            })}
          </>
        )
      }
      rows={samples}
      rowKey={(s) => String(s.at.getTime())}
      columns={[
        { label: t('timeColumn'), cell: (s) => hhmm(s.at) },
        ...SERIES.map((k) => ({ label: k.label, cell: (s: PoolSample) => s[k.key], numeric: true })),
        { label: t('maxWait'), cell: (s) => s.maxwait_s, numeric: true },
        { label: t('xactPerS'), cell: (s) => s.xact_per_s, numeric: true },
      ]}
      legend={
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-800" aria-label={t('legend')}>
          {SERIES.map((s) => (
            <li key={s.key} className="flex items-center gap-1.5">
              <svg width="22" height="8" aria-hidden="true" className="shrink-0">
                <line x1="0" y1="4" x2="22" y2="4" stroke={s.color} strokeWidth="2.5" strokeDasharray={s.dash} />
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      }
    >
      <Group left={M.left} top={M.top}>
        {ticks.map((t) => (
          <g key={t}>
            <Line from={{ x: 0, y: y(t) }} to={{ x: innerW, y: y(t) }} stroke={GRID} />
            <text x={-6} y={y(t)} dy="0.32em" textAnchor="end" fill={TEXT}>
              {t}
            </text>
          </g>
        ))}
        <Line from={{ x: 0, y: innerH }} to={{ x: innerW, y: innerH }} stroke={TEXT} />
        {SERIES.map((s) => (
          <LinePath<number>
            key={s.key}
            data={minutes}
            defined={(m) => byMinute.has(m)}
            x={(m) => x(new Date(m))}
            y={(m) => y(byMinute.get(m)?.[s.key] ?? 0)}
            stroke={s.color}
            strokeWidth={2}
            strokeDasharray={s.dash}
            fill="none"
          />
        ))}
        {/* A minute with no sampled neighbour draws no line: mark it with a dot. */}
        {minutes
          .filter((m) => byMinute.has(m) && !byMinute.has(m - MINUTE) && !byMinute.has(m + MINUTE))
          .flatMap((m) =>
            SERIES.map((s) => <circle key={`${s.key}-${m}`} cx={x(new Date(m))} cy={y(byMinute.get(m)![s.key])} r={2.5} fill={s.color} />),
          )}
        <text x={0} y={innerH + 19} fill={TEXT}>
          {hhmm(new Date(start))}
        </text>
        <text x={innerW} y={innerH + 19} textAnchor="end" fill={TEXT}>
          {hhmm(new Date(end))}
        </text>
      </Group>
    </ChartFigure>
  );
}
