import type { InputProblem } from '../commands/events/outcomes.ts';
import type { Language } from './language.ts';

type Bilingual = Record<Language, string>;

/** What each problem with a report or a command's input says to a person, in both languages. */
export function inputProblemText(problem: InputProblem): Bilingual {
  switch (problem.reason) {
    case 'not_permitted':
      return {
        'zh-CN': '您的角色不能上报事件。',
        en: 'Your role may not file reports.',
      };
    case 'source_not_permitted':
      return {
        'zh-CN': `您不能以“${problem.source}”来源上报事件。`,
        en: `You cannot file a report from the source "${problem.source}".`,
      };
    case 'idempotency_key_reused':
      return {
        'zh-CN': '该 Idempotency-Key 已用于另一份不同的上报，请为新的上报生成新的键。',
        en: 'This Idempotency-Key was used for a different report; use a new key for a new report.',
      };
    case 'unknown_catalogue_item':
      return {
        'zh-CN': `事项清单中没有编码 ${problem.code} 的事项，可在 /api/v1/catalogue 查询。`,
        en: `The catalogue has no item ${problem.code}; look it up at /api/v1/catalogue.`,
      };
    case 'outside_every_area':
      return {
        'zh-CN': '该位置不在本区任何网格内，请核对经纬度，或改用 areaCode 指定区域。',
        en: 'That point lies outside every grid of the district; check it, or name the area with areaCode.',
      };
    case 'unknown_area':
      return { 'zh-CN': 'areaCode 指向的区域不存在。', en: 'The areaCode names no area.' };
    case 'area_not_a_grid':
      return {
        'zh-CN': '事件须定位到网格或微网格：areaCode 请填写网格编码。',
        en: 'An event is placed on a grid or a micro-grid: give a grid code as areaCode.',
      };
    case 'no_place':
      return {
        'zh-CN': '请给出事件位置：location（经纬度）或 areaCode。',
        en: 'Say where the event is: a location (longitude and latitude) or an areaCode.',
      };
    case 'unknown_unit':
      return {
        'zh-CN': `没有编码为 ${problem.code} 的部门、街道科室或社区，或该单位已停用。`,
        en: `No department, street office or community has the code ${problem.code}, or that unit was stood down.`,
      };
    case 'attachments_not_yours':
      return {
        'zh-CN': `只能附上自己上传的文件：${problem.ids.join(', ')}`,
        en: `Only your own uploads can be attached: ${problem.ids.join(', ')}`,
      };
  }
}
