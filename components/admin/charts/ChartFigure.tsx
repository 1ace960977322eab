import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { DataTable } from '@/components/ui';

// The frame every dashboard chart shares: a heading, the SVG (an image to assistive technology,
// named by its <title> and described by its <desc>), an optional legend, and the same numbers as
// a table behind a disclosure, for anyone who would rather read than look.

export const CHART_WIDTH = 360;
// 14 units: the SVG scales to its card, about 0.8 at 390 px, and the labels stay near 11 px.
export const FONT = 14;
export const TEXT = '#334155'; // slate-700 on white: 10.4:1
export const GRID = '#e2e8f0'; // slate-200

export interface ChartColumn<Row> {
  label: string;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
  /** Long free text (tenant names) may break anywhere; other cells keep to one line. */
  wrap?: boolean;
}

export function ChartFigure<Row>({
  id,
  title,
  summary,
  height,
  empty,
  legend,
  rows,
  columns,
  rowKey,
  children,
}: {
  /** Unique on the page: the SVG's title and desc ids derive from it. */
  id: string;
  title: string;
  /** One or two sentences that say what the chart shows (the SVG's <desc>, also shown under it). */
  summary: string;
  height: number;
  /** When set, shown instead of the chart and the table. */
  empty?: ReactNode;
  legend?: ReactNode;
  rows: Row[];
  columns: ChartColumn<Row>[];
  rowKey: (row: Row) => string;
  /** The SVG's marks, drawn in a CHART_WIDTH × height box. */
  children: ReactNode;
}) {
  const t = useTranslations('admin.charts');
  return (
    <figure className="flex min-w-0 flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5" data-testid={`chart-${id}`}>
      <figcaption>
        <h3 className="text-base [overflow-wrap:anywhere] font-semibold text-slate-900">{title}</h3>
      </figcaption>
      {empty ? (
        <p className="mt-3 text-sm text-slate-700" data-testid={`chart-${id}-empty`}>
          {empty}
        </p>
      ) : (
        <>
          <svg
            viewBox={`0 0 ${CHART_WIDTH} ${height}`}
            className="mt-3 h-auto w-full"
            role="img"
            aria-labelledby={`${id}-title`}
            aria-describedby={`${id}-desc`}
            fontFamily="inherit"
            fontSize={FONT}
          >
            <title id={`${id}-title`}>{title}</title>
            <desc id={`${id}-desc`}>{summary}</desc>
            {children}
          </svg>
          {legend}
          {/* The summary may name a tenant: a long unbroken name breaks rather than widening the page. */}
          <p className="mt-2 text-sm [overflow-wrap:anywhere] text-slate-700">{summary}</p>
          <details className="mt-2 text-sm">
            <summary className="cursor-pointer rounded font-medium text-indigo-800 focus-visible:outline-3 focus-visible:outline-indigo-600">
              {t('showData')}
            </summary>
            <DataTable
              caption={title}
              label={t('dataLabel', { title })}
              testId={`chart-${id}-table`}
              className="mt-2 max-h-72 overflow-auto"
              dense
              rows={rows}
              rowKey={(r) => rowKey(r)}
              columns={columns.map((c) => ({
                key: c.label,
                header: c.label,
                cell: c.cell,
                numeric: c.numeric,
                wrap: c.wrap,
                nowrap: !c.numeric && !c.wrap,
              }))}
            />
          </details>
        </>
      )}
    </figure>
  );
}
