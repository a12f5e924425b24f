import type { IndicatorTable } from '../commands/figures/indicator-table.ts';
import type { EventRow } from '../db/repositories/events.ts';
import type { EventState } from '../domain/events.ts';
import { INDICATOR_NAMES, INDICATORS } from '../domain/indicators.ts';
import { LEVEL_NAMES, RATING_NAMES, SOURCE_NAMES, STATE_NAMES, WHISTLE_NAMES } from './labels.ts';
import type { Cell, Sheet, SheetColumn } from './sheet.ts';

const GROUPING_HEADERS: Readonly<Record<IndicatorTable['by'], string>> = {
  street: '街道',
  department: '部门',
  class: '事项大类',
  source: '来源',
  day: '日期',
  month: '月份',
};

const UNIT_KIND_NAMES: Readonly<Record<string, string>> = {
  district_department: '区职能部门',
  street_office: '街道科室',
  community: '社区',
  '': '',
};

/** An indicator table as a sheet: the row's code and name, then every indicator, then the total. */
export function indicatorSheet(table: IndicatorTable): Sheet {
  const columns: SheetColumn[] = [
    { header: '编码', kind: 'text', width: 16 },
    { header: GROUPING_HEADERS[table.by], kind: 'text', width: 24 },
    ...(table.by === 'department' ? [{ header: '类别', kind: 'text' as const, width: 12 }] : []),
    ...INDICATOR_NAMES.map((name) => ({ header: INDICATORS[name].zh, kind: INDICATORS[name].kind })),
  ];
  const rowOf = (row: IndicatorTable['total']): Cell[] => [
    row.code,
    row.name,
    ...(table.by === 'department' ? [UNIT_KIND_NAMES[row.unitKind] ?? row.unitKind] : []),
    ...INDICATOR_NAMES.map((name) => row.indicators[name]),
  ];
  return {
    name: `指标 ${table.period.label}`,
    columns,
    rows: [...table.rows.map(rowOf), rowOf(table.total)],
  };
}

/** The event list as a sheet, one row per event, as a dispatcher reads it. */
export function eventSheet(events: readonly { state: EventState; row: EventRow }[]): Sheet {
  const columns: SheetColumn[] = [
    { header: '跟踪码', kind: 'text', width: 22 },
    { header: '状态', kind: 'text' },
    { header: '所在层级', kind: 'text' },
    { header: '来源', kind: 'text', width: 14 },
    { header: '事项编码', kind: 'text' },
    { header: '事项名称', kind: 'text', width: 20 },
    { header: '描述', kind: 'text', width: 40 },
    { header: '网格', kind: 'text', width: 16 },
    { header: '区域路径', kind: 'text', width: 30 },
    { header: '地址', kind: 'text', width: 24 },
    { header: '上报时间', kind: 'datetime', width: 20 },
    { header: '承办单位', kind: 'text', width: 16 },
    { header: '协办单位', kind: 'text', width: 20 },
    { header: '吹哨', kind: 'text' },
    { header: '返工次数', kind: 'count' },
    { header: '评价', kind: 'text' },
    { header: '结案时间', kind: 'datetime', width: 20 },
    { header: '超期次数', kind: 'count' },
    { header: '当前时限', kind: 'datetime', width: 20 },
  ];
  const rows = events.map(({ state, row }): Cell[] => {
    const item = row.catalogue_item as { code?: string; name?: string };
    return [
      row.tracking_code,
      STATE_NAMES[state.state],
      LEVEL_NAMES[state.level],
      SOURCE_NAMES[state.source],
      item.code ?? state.catalogueItemCode,
      item.name ?? '',
      state.description,
      state.areaCode,
      state.areaPath,
      state.address,
      state.reportedAt,
      state.lead?.code ?? null,
      state.assisting.map((unit) => unit.code).join(' '),
      WHISTLE_NAMES[state.whistle],
      state.reworkCount,
      state.rating === null ? null : RATING_NAMES[state.rating],
      state.closedAt,
      state.overdueCount,
      row.due_at,
    ];
  });
  return { name: '事件清单', columns, rows };
}
