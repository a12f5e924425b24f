import type { AreaImportProblem } from '../domain/area-import.ts';
import type { RingProblem } from '../domain/geometry.ts';
import type { Language } from './language.ts';

/** What a problem says to a person, in each language: a title for its kind, a detail for this case. */
export interface ProblemText {
  title: string;
  detail: string;
}
type Bilingual = Record<Language, string>;

const RING: Record<RingProblem, Bilingual> = {
  too_few_positions: {
    'zh-CN': '边界环至少需要 4 个坐标点',
    en: 'a boundary ring needs at least 4 positions',
  },
  not_closed: {
    'zh-CN': '边界环首尾坐标必须相同（闭合）',
    en: 'a boundary ring must end where it starts (closed)',
  },
  bad_position: {
    'zh-CN': '坐标必须是 [经度, 纬度] 数字对',
    en: 'every position must be a [longitude, latitude] pair of numbers',
  },
  out_of_range: {
    'zh-CN': '坐标超出 WGS84 范围（经度 ±180，纬度 ±90）',
    en: 'a position lies outside WGS84 (longitude ±180, latitude ±90)',
  },
};

const LEVELS = 'district, street, community, grid, micro_grid';

export function areaImportProblemText(problem: AreaImportProblem): Bilingual {
  switch (problem.reason) {
    case 'not_a_feature_collection':
      return {
        'zh-CN': '文件必须是 GeoJSON FeatureCollection（type 为 "FeatureCollection"，含 features 数组）',
        en: 'the file must be a GeoJSON FeatureCollection (type "FeatureCollection" with a features array)',
      };
    case 'empty':
      return { 'zh-CN': '文件中没有任何要素', en: 'the file has no features' };
    case 'not_a_feature':
      return {
        'zh-CN': '要素必须是 type 为 "Feature" 且带 properties 对象的 GeoJSON 要素',
        en: 'a feature must be a GeoJSON Feature with a properties object',
      };
    case 'bad_geometry_type':
      return {
        'zh-CN': `几何类型必须是 Polygon 或 MultiPolygon，而不是 ${problem.type}`,
        en: `the geometry must be a Polygon or a MultiPolygon, not ${problem.type}`,
      };
    case 'bad_ring':
      return RING[problem.ring];
    case 'bad_code':
      return {
        'zh-CN': 'properties.code 必须是 1–32 位字母、数字、下划线或连字符',
        en: 'properties.code must be 1–32 letters, digits, underscores or hyphens',
      };
    case 'duplicate_code':
      return {
        'zh-CN': `编码 ${problem.code} 在文件中出现了不止一次`,
        en: `the code ${problem.code} appears more than once in the file`,
      };
    case 'bad_name':
      return {
        'zh-CN': 'properties.name 必须是 1–100 个字符的名称',
        en: 'properties.name must be a name of 1–100 characters',
      };
    case 'bad_level':
      return {
        'zh-CN': `properties.level 必须是 ${LEVELS} 之一，而不是 ${problem.level}`,
        en: `properties.level must be one of ${LEVELS}, not ${problem.level}`,
      };
    case 'bad_count':
      return {
        'zh-CN': `properties.${problem.field} 必须是非负整数`,
        en: `properties.${problem.field} must be a whole number of zero or more`,
      };
    case 'root_with_parent':
      return { 'zh-CN': '区级节点不能有 parentCode', en: 'a district has no parentCode' };
    case 'missing_parent_code':
      return {
        'zh-CN': '非区级节点必须填写 properties.parentCode',
        en: 'every node below a district needs properties.parentCode',
      };
    case 'parent_not_found':
      return {
        'zh-CN': `上级编码 ${problem.parentCode} 既不在文件中，也不在已有区域中`,
        en: `the parent code ${problem.parentCode} is neither in the file nor among the existing areas`,
      };
    case 'parent_wrong_level':
      return {
        'zh-CN': `上级 ${problem.parentCode} 的层级是 ${problem.actual}，应为 ${problem.expected}`,
        en: `the parent ${problem.parentCode} is a ${problem.actual}; it must be a ${problem.expected}`,
      };
    case 'level_changed':
      return {
        'zh-CN': `已有区域 ${problem.code} 的层级是 ${problem.existing}，导入不能改变层级`,
        en: `the existing area ${problem.code} is a ${problem.existing}; an import cannot change its level`,
      };
    case 'outside_your_area':
      return {
        'zh-CN': `区域 ${problem.code} 不在您管理的范围内，只能导入本辖区之下的区域`,
        en: `the area ${problem.code} lies outside the area you administer; import only below your own area`,
      };
  }
}
