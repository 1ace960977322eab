import { Fragment, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { cn } from './cn';

// The one table shell of the app: a caption (visually hidden unless asked), column headers with
// scope="col", an optional row header, and a scroll container that a keyboard can focus (named by
// `label`) with a "scrolls sideways" cue on narrow screens. Cells are data; the shell is here.

export interface Column<Row> {
  /** Unique among the columns (React key). */
  key: string;
  /** The header's content (text, or text with sr-only parts). */
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** Long free text (names, emails, errors): may break anywhere rather than widen the table. */
  wrap?: boolean;
  /** Keeps the cell on one line (dates, times). */
  nowrap?: boolean;
  /** This column's cells are the row's header (<th scope="row">). */
  rowHeader?: boolean;
  /** Extra classes for this column's cells. */
  className?: string;
  /** data-testid on each of this column's cells. */
  testId?: string;
  /** Renders the whole header cell (e.g. a sortable <th> with aria-sort); must be a <th scope="col">. */
  renderHeader?: () => ReactNode;
}

export function DataTable<Row>({
  caption,
  captionVisible = false,
  label,
  columns,
  rows,
  rowKey,
  rowProps,
  minWidth,
  scrollCue = Boolean(minWidth),
  dense = false,
  stack = false,
  testId,
  bodyTestId,
  className,
}: {
  /** What the table holds (its <caption>). */
  caption: ReactNode;
  captionVisible?: boolean;
  /** The scroll region's accessible name. */
  label: string;
  columns: (Column<Row> | false | null | undefined)[];
  rows: Row[];
  rowKey: (row: Row, index: number) => string;
  /** Extra attributes of a row (data-*). */
  rowProps?: (row: Row) => Record<`data-${string}`, string>;
  /** A Tailwind min-width class (e.g. "min-w-[36rem]"): below it the table scrolls sideways. */
  minWidth?: string;
  /** Shows the "scrolls sideways" cue under 640 px (default: when the table has a min width). */
  scrollCue?: boolean;
  /** Tighter cells (charts' data tables). */
  dense?: boolean;
  /**
   * Under 640 px each row becomes a card and each cell is labelled with its header's text: no
   * sideways scroll on a phone. Column headers must then be plain strings.
   */
  stack?: boolean;
  testId?: string;
  bodyTestId?: string;
  /** Extra classes for the scroll container (e.g. a max height). */
  className?: string;
}) {
  const t = useTranslations('ui.dataTable');
  const cols = columns.filter((c): c is Column<Row> => Boolean(c));
  const pad = dense ? 'py-1 pr-3 last:pr-0' : 'py-2 pr-4 last:pr-0';
  const cellClass = (c: Column<Row>) =>
    cn(
      pad,
      c.numeric && 'text-right tabular-nums',
      c.wrap && '[overflow-wrap:anywhere]',
      c.nowrap && 'whitespace-nowrap',
      c.rowHeader && 'font-normal',
      stack &&
        'max-sm:block max-sm:py-0.5 max-sm:pr-0 max-sm:before:block max-sm:before:text-xs max-sm:before:font-semibold max-sm:before:text-slate-700 max-sm:before:content-[attr(data-label)]',
      c.className,
    );
  const dataLabel = (c: Column<Row>) => (stack && typeof c.header === 'string' ? c.header : undefined);
  return (
    <>
      {scrollCue ? (
        <p className="mb-2 text-xs text-slate-600 sm:hidden" data-testid="scroll-cue">
          {t('scrollCue')}
        </p>
      ) : null}
      {/* Focusable so keyboard users can scroll it sideways on narrow screens. */}
      <div
        className={cn('relative overflow-x-auto rounded focus-visible:outline-3 focus-visible:outline-indigo-600', className)}
        tabIndex={0}
        role="region"
        aria-label={label}
      >
        <table className={cn('w-full text-left text-sm', minWidth, stack && 'max-sm:block')} data-testid={testId}>
          <caption className={captionVisible ? 'mb-2 text-left text-sm text-slate-700' : 'sr-only'}>{caption}</caption>
          <thead className={cn('border-b border-slate-300 text-slate-700', stack && 'max-sm:sr-only')}>
            <tr>
              {cols.map((c) =>
                c.renderHeader ? (
                  <Fragment key={c.key}>{c.renderHeader()}</Fragment>
                ) : (
                  <th key={c.key} scope="col" className={cn(pad, 'font-semibold', c.numeric && 'text-right')}>
                    {c.header}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody className={cn('divide-y divide-slate-200', stack && 'max-sm:block')} data-testid={bodyTestId}>
            {rows.map((r, i) => (
              <tr key={rowKey(r, i)} className={stack ? 'max-sm:block max-sm:py-2' : undefined} {...rowProps?.(r)}>
                {cols.map((c) =>
                  c.rowHeader ? (
                    <th key={c.key} scope="row" className={cellClass(c)} data-testid={c.testId} data-label={dataLabel(c)}>
                      {c.cell(r)}
                    </th>
                  ) : (
                    <td key={c.key} className={cellClass(c)} data-testid={c.testId} data-label={dataLabel(c)}>
                      {c.cell(r)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
