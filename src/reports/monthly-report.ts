import type { IndicatorRow } from '../commands/figures/indicator-table.ts';
import type { MonthlyReport } from '../commands/figures/monthly-report.ts';
import { REPORT_RANKINGS } from '../commands/figures/monthly-report.ts';
import { INDICATOR_NAMES, INDICATORS, type IndicatorName, type Ranked } from '../domain/indicators.ts';
import { escapeHtml } from './html.ts';
import { chinaDateTime } from './sheet.ts';

/** '98.5%'; '—' for nothing to measure. */
export function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}

/** A duration as a person reads it: '35 分钟', '5.2 小时', '3.4 天'; '—' for none. */
export function duration(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 60) return `${Math.round(minutes)} 分钟`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} 小时`;
  return `${(minutes / 1440).toFixed(1)} 天`;
}

export function count(value: number | null): string {
  return value === null ? '—' : value.toLocaleString('zh-CN');
}

function shown(name: IndicatorName, value: number | null): string {
  switch (INDICATORS[name].kind) {
    case 'ratio':
      return percent(value);
    case 'minutes':
      return duration(value);
    case 'count':
      return count(value);
  }
}

/** The columns the report's tables print, in the indicators' own order; intake stands for the raw report count. */
const TABLE_INDICATORS: readonly IndicatorName[] = INDICATOR_NAMES.filter((name) => name !== 'reported');

const SHORT_HEADERS: Readonly<Record<IndicatorName, string>> = {
  intake: '受理量',
  reported: '上报量',
  closed: '办结量',
  closedRate: '办结率',
  onTimeRate: '按期办结率',
  satisfactionRate: '满意率',
  reworkRate: '返工率',
  acceptMeanMinutes: '平均接单',
  acceptP90Minutes: '接单P90',
  finishMeanMinutes: '平均办结',
  finishP90Minutes: '办结P90',
  overdue: '超期',
  whistles: '吹哨',
  secondWhistles: '二次哨',
};

const e = (value: string) => escapeHtml(value);

function indicatorTableHtml(
  firstHeader: string,
  rows: readonly IndicatorRow[],
  total?: IndicatorRow,
): string {
  const head = `<tr><th scope="col">${e(firstHeader)}</th>${TABLE_INDICATORS.map(
    (name) => `<th scope="col">${e(SHORT_HEADERS[name])}</th>`,
  ).join('')}</tr>`;
  const line = (row: IndicatorRow, className = '') =>
    `<tr${className ? ` class="${className}"` : ''}><th scope="row">${e(row.name)}</th>${TABLE_INDICATORS.map(
      (name) => `<td>${e(shown(name, row.indicators[name]))}</td>`,
    ).join('')}</tr>`;
  const body =
    rows.length === 0 ? `<tr><td colspan="${TABLE_INDICATORS.length + 1}">本月无数据</td></tr>` : '';
  return `<table><thead>${head}</thead><tbody>${body}${rows.map((row) => line(row)).join('')}${
    total ? line(total, 'total') : ''
  }</tbody></table>`;
}

function rankingHtml(title: string, by: IndicatorName, rows: readonly Ranked<IndicatorRow>[]): string {
  const ranked = rows.filter((row) => row.rank !== null);
  const unranked = rows.length - ranked.length;
  return `<div class="ranking"><h3>${e(title)}（按${e(INDICATORS[by].zh)}）</h3>
<table><thead><tr><th scope="col">名次</th><th scope="col">名称</th><th scope="col">${e(
    INDICATORS[by].zh,
  )}</th><th scope="col">受理量</th></tr></thead><tbody>${ranked
    .map(
      (row) =>
        `<tr><td>${e(String(row.rank))}</td><th scope="row">${e(row.name)}</th><td>${e(
          shown(by, row.value),
        )}</td><td>${e(count(row.indicators.intake))}</td></tr>`,
    )
    .join('')}</tbody></table>${
    unranked > 0 ? `<p class="note">另有 ${e(String(unranked))} 个单位本月无可计算数据，未参与排名。</p>` : ''
  }</div>`;
}

const STYLE = `
  :root { color: #1f2328; font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif; }
  body { margin: 2rem auto; max-width: 1100px; padding: 0 1rem; font-size: 14px; line-height: 1.5; }
  h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
  h2 { font-size: 1.2rem; border-bottom: 2px solid #b42318; padding-bottom: .2rem; margin-top: 2rem; }
  h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
  .meta, .note { color: #57606a; font-size: .85rem; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: .6rem; }
  .card { border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem .7rem; }
  .card .label { color: #57606a; font-size: .8rem; }
  .card .value { font-size: 1.3rem; font-weight: 600; }
  table { border-collapse: collapse; width: 100%; font-size: .8rem; }
  th, td { border: 1px solid #d0d7de; padding: .25rem .4rem; text-align: right; white-space: nowrap; }
  th[scope="row"], thead th:first-child { text-align: left; white-space: normal; }
  thead th { background: #f6f8fa; }
  tr.total th, tr.total td { font-weight: 600; background: #fff8f0; }
  .rankings { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
  dl.formulas { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; font-size: .8rem; }
  dl.formulas dt { font-weight: 600; }
  dl.formulas dd { margin: 0; }
  @page { size: A4 landscape; margin: 12mm; }
  @media print {
    body { margin: 0; max-width: none; font-size: 11px; }
    h2 { break-after: avoid-page; }
    table, .card, .ranking { break-inside: avoid-page; }
    thead { display: table-header-group; }
    .rankings { grid-template-columns: 1fr 1fr; }
    a { color: inherit; text-decoration: none; }
  }
`;

const FORMULAS: readonly [string, string][] = [
  ['受理量', '各街道、事项、来源：上报量 − 撤销与合并；各部门：派遣（含吹哨）量 − 批准退单量'],
  ['办结率', '本月办结量 ÷ 本月受理量（流量口径，清理积案的月份可超过 100%）'],
  ['按期办结率', '按期办结量 ÷ 办结量；按期：办结时从未超过任一环节时限'],
  ['满意率', '（满意 + 基本满意）÷ 评价数'],
  ['返工率', '返工次数（核查不通过、不满意返工）÷ 处置反馈次数'],
  ['接单时长', '自派遣（或吹哨）至接单；办结时长：自上报至结案。P90 由对数分桶直方图估算，误差不超过 26%'],
];

/**
 * The monthly report of a district as one printable HTML page (zh-CN): the month's key figures, every street
 * and every department that had cases, the two rankings, the busiest catalogue classes and the sources, and
 * how each figure is computed. Every value is escaped.
 */
export function renderMonthlyReport(report: MonthlyReport): string {
  const [year, month] = report.period.label.split('-');
  const title = `${report.districtName} ${year}年${Number(month)}月 网格化治理运行月报`;
  const lastDay = new Date(`${report.period.to}T00:00:00Z`);
  lastDay.setUTCDate(lastDay.getUTCDate() - 1);
  const span = `${report.period.from} 至 ${lastDay.toISOString().slice(0, 10)}（北京时间）`;
  const total = report.total.indicators;
  const cards: [string, string][] = [
    ['受理量', count(total.intake)],
    ['办结量', count(total.closed)],
    ['办结率', percent(total.closedRate)],
    ['按期办结率', percent(total.onTimeRate)],
    ['满意率', percent(total.satisfactionRate)],
    ['返工率', percent(total.reworkRate)],
    ['平均接单时长', duration(total.acceptMeanMinutes)],
    ['接单时长 P90', duration(total.acceptP90Minutes)],
    ['平均办结时长', duration(total.finishMeanMinutes)],
    ['办结时长 P90', duration(total.finishP90Minutes)],
    ['超期次数', count(total.overdue)],
    ['吹哨 / 二次哨', `${count(total.whistles)} / ${count(total.secondWhistles)}`],
  ];
  const activeDepartments = report.departments.rows.filter(
    (row) => row.totals.assigned + row.totals.closed + row.totals.accepted + row.totals.overdue > 0,
  );
  const departmentsOmitted = report.departments.rows.length - activeDepartments.length;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${e(title)}</h1>
<p class="meta">统计期：${e(span)} · 区划代码 ${e(report.districtCode)} · 生成于 ${e(
    chinaDateTime(report.generatedAt),
  )}</p>
</header>
<section>
<h2>一、总体情况</h2>
<div class="cards">${cards
    .map(
      ([label, value]) =>
        `<div class="card"><div class="label">${e(label)}</div><div class="value">${e(value)}</div></div>`,
    )
    .join('')}</div>
</section>
<section>
<h2>二、各街道指标</h2>
${indicatorTableHtml('街道', report.streets.rows, report.streets.total)}
</section>
<section>
<h2>三、各部门指标</h2>
${indicatorTableHtml('部门', activeDepartments, report.departments.total)}
${departmentsOmitted > 0 ? `<p class="note">本月无案件的 ${e(String(departmentsOmitted))} 个部门未列出。</p>` : ''}
</section>
<section>
<h2>四、排名</h2>
<div class="rankings">
${rankingHtml('街道排名', REPORT_RANKINGS.streets, report.streetRanking)}
${rankingHtml('部门排名', REPORT_RANKINGS.departments, report.departmentRanking)}
</div>
</section>
<section>
<h2>五、高发事项大类（前 ${e(String(report.topClasses.length))} 位）</h2>
${indicatorTableHtml('事项大类', report.topClasses)}
</section>
<section>
<h2>六、来源构成</h2>
${indicatorTableHtml('来源', report.sources.rows, report.sources.total)}
</section>
<footer>
<h2>指标口径</h2>
<dl class="formulas">${FORMULAS.map(([term, text]) => `<dt>${e(term)}</dt><dd>${e(text)}</dd>`).join('')}</dl>
<p class="note">数据来自随事实写入而累加的统计表（每日、每月、每年），与事件日志可逐条重算核对。</p>
</footer>
</body>
</html>
`;
}
