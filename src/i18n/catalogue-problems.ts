import type { CatalogueProblem } from '../domain/catalogue.ts';
import type { Language } from './language.ts';

/** One line per problem of a catalogue edit, in the asked language. */
export function catalogueProblemText(problem: CatalogueProblem, language: Language): string {
  const zh = language === 'zh-CN';
  switch (problem.reason) {
    case 'blank_code':
      return zh ? '编码不能为空' : 'the code is blank';
    case 'blank_name':
      return zh ? `${problem.code} 的名称不能为空` : `${problem.code} has a blank name`;
    case 'duplicate_class_code':
    case 'duplicate_item_code':
      return zh ? `编码 ${problem.code} 重复` : `the code ${problem.code} is used twice`;
    case 'unknown_class_kind':
      return zh
        ? `类别 ${problem.code} 的种类 ${problem.kind} 无效`
        : `class ${problem.code} has an unknown kind ${problem.kind}`;
    case 'missing_class':
      return zh ? `大类 ${problem.classCode} 不存在` : `the class ${problem.classCode} does not exist`;
    case 'unknown_priority':
      return zh ? `优先级 ${problem.priority} 无效` : `the priority ${problem.priority} is not known`;
    case 'bad_limit_unit':
      return zh
        ? `${problem.step} 时限的单位 ${problem.unit} 无效`
        : `the ${problem.step} limit has an unknown unit ${problem.unit}`;
    case 'non_positive_limit':
      return zh ? `${problem.step} 时限必须大于 0` : `the ${problem.step} limit must be more than 0`;
    case 'unknown_street_office':
      return zh
        ? `街道科室种类 ${problem.office} 无效`
        : `the street office kind ${problem.office} is not known`;
    case 'unknown_responsible_department':
      return zh
        ? `承办部门 ${problem.department} 不存在`
        : `the responsible department ${problem.department} does not exist`;
    case 'unknown_fallback_department':
      return zh
        ? `兜底部门 ${problem.department} 不存在`
        : `the fallback department ${problem.department} does not exist`;
  }
}
