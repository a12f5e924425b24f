import type { DepartmentSeed } from '../domain/departments.ts';
import type { Random } from './random.ts';
import { type DistrictProfile, HONGQIAO, type PlaceName } from './tianjin.ts';

/**
 * Hongqiao's district departments (职能部门), including the utility companies a district also dispatches to.
 * Codes are stable, so routing rules can name them:
 * D001 公安分局, D002 城市管理委员会, D003 住房和建设委员会, D006 水务局, D007 交通运输委员会,
 * D031 城市管理综合执法支队, D048 排水管理所, D049 路灯管理所 (see DEPARTMENT_CODES).
 */
// biome-ignore format: one department per line reads as a register
const REGISTER: ReadonlyArray<readonly [code: string, name: string, nameEn: string]> = [
  ['D001', '区公安分局', 'Public Security Bureau'],
  ['D002', '区城市管理委员会', 'Urban Management Commission'],
  ['D003', '区住房和建设委员会', 'Housing and Construction Commission'],
  ['D004', '区生态环境局', 'Ecology and Environment Bureau'],
  ['D005', '区市场监督管理局', 'Market Supervision Administration'],
  ['D006', '区水务局', 'Water Affairs Bureau'],
  ['D007', '区交通运输委员会', 'Transport Commission'],
  ['D008', '区教育局', 'Education Bureau'],
  ['D009', '区卫生健康委员会', 'Health Commission'],
  ['D010', '区民政局', 'Civil Affairs Bureau'],
  ['D011', '区应急管理局', 'Emergency Management Bureau'],
  ['D012', '区人力资源和社会保障局', 'Human Resources and Social Security Bureau'],
  ['D013', '区司法局', 'Justice Bureau'],
  ['D014', '区文化和旅游局', 'Culture and Tourism Bureau'],
  ['D015', '区规划和自然资源分局', 'Planning and Natural Resources Branch'],
  ['D016', '区消防救援支队', 'Fire and Rescue Detachment'],
  ['D017', '区税务局', 'Taxation Bureau'],
  ['D018', '区信访办', 'Letters and Visits Office'],
  ['D019', '区退役军人事务局', 'Veterans Affairs Bureau'],
  ['D020', '区医疗保障局', 'Healthcare Security Bureau'],
  ['D021', '区体育局', 'Sports Bureau'],
  ['D022', '区商务局', 'Commerce Bureau'],
  ['D023', '区发展和改革委员会', 'Development and Reform Commission'],
  ['D024', '区财政局', 'Finance Bureau'],
  ['D025', '区审计局', 'Audit Bureau'],
  ['D026', '区统计局', 'Statistics Bureau'],
  ['D027', '区科技局', 'Science and Technology Bureau'],
  ['D028', '区工业和信息化局', 'Industry and Information Technology Bureau'],
  ['D029', '区农业农村委员会', 'Agriculture and Rural Affairs Commission'],
  ['D030', '区政务服务办公室', 'Government Services Office'],
  ['D031', '区城市管理综合执法支队', 'Urban Management Law Enforcement Detachment'],
  ['D032', '区市容园林管理所', 'City Appearance and Landscaping Office'],
  ['D033', '区环卫中心', 'Sanitation Centre'],
  ['D034', '区房屋管理局', 'Housing Administration Bureau'],
  ['D035', '区公路养护中心', 'Road Maintenance Centre'],
  ['D036', '区交警支队', 'Traffic Police Detachment'],
  ['D037', '区残疾人联合会', "Disabled Persons' Federation"],
  ['D038', '区妇女联合会', "Women's Federation"],
  ['D039', '区总工会', 'Federation of Trade Unions'],
  ['D040', '团区委', 'Communist Youth League District Committee'],
  ['D041', '区红十字会', 'Red Cross Society'],
  ['D042', '区网信办', 'Cyberspace Affairs Office'],
  ['D043', '区人民防空办公室', 'Civil Air Defence Office'],
  ['D044', '区供电公司', 'State Grid Hongqiao Power Supply Company'],
  ['D045', '区自来水公司', 'Hongqiao Water Supply Company'],
  ['D046', '区燃气公司', 'Hongqiao Gas Company'],
  ['D047', '区供热公司', 'Hongqiao Heating Company'],
  ['D048', '区排水管理所', 'Drainage Management Office'],
  ['D049', '区路灯管理所', 'Street Lighting Management Office'],
  ['D050', '中国移动红桥分公司', 'China Mobile Hongqiao Branch'],
  ['D051', '中国联通红桥分公司', 'China Unicom Hongqiao Branch'],
  ['D052', '中国电信红桥分公司', 'China Telecom Hongqiao Branch'],
];

/** Hongqiao's district departments; other districts get the same register under their own names. */
export const DISTRICT_DEPARTMENTS: readonly DepartmentSeed[] = REGISTER.map(([code, name, nameEn]) => ({
  code,
  name,
  nameEn,
  kind: 'district_department',
  areaCode: HONGQIAO.code,
}));

/** The departments that dispatch rules most often name, by their code in `DISTRICT_DEPARTMENTS`. */
export const DEPARTMENT_CODES = {
  publicSecurity: 'D001',
  urbanManagement: 'D002',
  housingAndConstruction: 'D003',
  waterAffairs: 'D006',
  transport: 'D007',
  urbanLawEnforcement: 'D031',
  drainage: 'D048',
  streetLighting: 'D049',
} as const;

/** The offices every street keeps come first; a street has the first five to seven of them. */
// biome-ignore format: one office per line reads as a register
const STREET_OFFICES: ReadonlyArray<readonly [name: string, nameEn: string]> = [
  ['综合执法大队', 'Comprehensive Law Enforcement Team'],
  ['城市管理办公室', 'Urban Management Office'],
  ['平安建设办公室', 'Public Safety Office'],
  ['社区建设办公室', 'Community Building Office'],
  ['便民服务中心', 'Citizen Service Centre'],
  ['应急管理办公室', 'Emergency Management Office'],
  ['党群工作办公室', 'Party and Public Affairs Office'],
];

/**
 * The register for `district`: codes get `codePrefix` (so ten districts can share one table) and the
 * companies named after Hongqiao are named after `district` instead.
 */
export function districtDepartments(district: DistrictProfile, codePrefix: string): DepartmentSeed[] {
  return DISTRICT_DEPARTMENTS.map((department) => ({
    ...department,
    code: `${codePrefix}${department.code}`,
    name: department.name.replaceAll(HONGQIAO.shortName, district.shortName),
    nameEn: department.nameEn.replaceAll(HONGQIAO.nameEn, district.nameEn),
    areaCode: district.code,
  }));
}

/** A street's offices (街道科室), coded `S` + street code + two digits. */
export function streetOffices(street: PlaceName, streetCode: string, random: Random): DepartmentSeed[] {
  return STREET_OFFICES.slice(0, random.int(5, STREET_OFFICES.length)).map(([name, nameEn], index) => ({
    code: `S${streetCode}${String(index + 1).padStart(2, '0')}`,
    name: `${street.zh}${name}`,
    nameEn: `${street.en} ${nameEn}`,
    kind: 'street_office',
    areaCode: streetCode,
  }));
}
