import type { Box } from './tiling.ts';

/** A place name in Chinese and in the pinyin spelling used for English. */
export interface PlaceName {
  zh: string;
  en: string;
}

export interface DistrictProfile {
  /** Administrative division code (行政区划代码). */
  code: string;
  name: string;
  /** The name without 区, as it appears inside company names such as 中国移动红桥分公司. */
  shortName: string;
  nameEn: string;
  /** Hongqiao has 123 communities; the other districts get about as many so every district weighs the same. */
  communities: number;
}

export const HONGQIAO: DistrictProfile = {
  code: '120106',
  name: '红桥区',
  shortName: '红桥',
  nameEn: 'Hongqiao',
  communities: 123,
};

/** Ten of Tianjin's districts, in division-code order. */
export const TIANJIN_DISTRICTS: readonly DistrictProfile[] = [
  { code: '120101', name: '和平区', shortName: '和平', nameEn: 'Heping', communities: 121 },
  { code: '120102', name: '河东区', shortName: '河东', nameEn: 'Hedong', communities: 126 },
  { code: '120103', name: '河西区', shortName: '河西', nameEn: 'Hexi', communities: 124 },
  { code: '120104', name: '南开区', shortName: '南开', nameEn: 'Nankai', communities: 125 },
  { code: '120105', name: '河北区', shortName: '河北', nameEn: 'Hebei', communities: 122 },
  HONGQIAO,
  { code: '120110', name: '东丽区', shortName: '东丽', nameEn: 'Dongli', communities: 120 },
  { code: '120111', name: '西青区', shortName: '西青', nameEn: 'Xiqing', communities: 127 },
  { code: '120112', name: '津南区', shortName: '津南', nameEn: 'Jinnan', communities: 119 },
  { code: '120113', name: '北辰区', shortName: '北辰', nameEn: 'Beichen', communities: 128 },
];

/** Hongqiao's real streets (街道), in the order of their division codes. */
export const HONGQIAO_STREETS: readonly PlaceName[] = [
  { zh: '西于庄街道', en: 'Xiyuzhuang Subdistrict' },
  { zh: '咸阳北路街道', en: 'Xianyangbeilu Subdistrict' },
  { zh: '丁字沽街道', en: 'Dingzigu Subdistrict' },
  { zh: '西沽南街道', en: 'Xigunan Subdistrict' },
  { zh: '三条石街道', en: 'Santiaoshi Subdistrict' },
  { zh: '邵公庄街道', en: 'Shaogongzhuang Subdistrict' },
  { zh: '芥园街道', en: 'Jieyuan Subdistrict' },
  { zh: '铃铛阁街道', en: 'Lingdangge Subdistrict' },
  { zh: '大胡同街道', en: 'Dahutong Subdistrict' },
  { zh: '和苑街道', en: 'Heyuan Subdistrict' },
];

/** Roughly Hongqiao's real extent. */
export const HONGQIAO_EXTENT: Box = { west: 117.1, south: 39.14, east: 117.19, north: 39.21 };

/** Room for ten Hongqiao-sized districts in two rows of five. */
export const CITY_EXTENT: Box = { west: 116.95, south: 39.07, east: 117.4, north: 39.21 };
