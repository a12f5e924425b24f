import type { CatalogueClass } from '../domain/catalogue.ts';
import { TRANSCRIPTION } from './components.ts';
import type { RowGroup } from './default-catalogue.ts';

/**
 * GB/T 47678.5-2026 Annex C Table C.1: the management matters (管理事项) of classes 06–10, as transcribed in
 * Jackyhellolove/city-inspection-ai supabase-gb47678.5-directory.sql. The transcription lists 250 matters:
 * these 97, and 153 that repeat the components' codes as `<component>异常` (kept on the component items, see
 * components.ts). Codes and Chinese names are the transcription's; everything else is Huying's choice.
 *
 * Gaps in the transcription's numbering (not filled in here): 06031, 07005, 09007.
 */
function matterClass(code: string, name: string, nameEn: string): CatalogueClass {
  return {
    code,
    name,
    nameEn,
    kind: 'matter',
    standardRef: `GB/T 47678.5-2026 C.1 class ${code} ${name} (${TRANSCRIPTION})`,
  };
}

const LAW = 'street:law_enforcement';
const URBAN = 'street:urban_management';

export const MATTERS: RowGroup = {
  classes: [
    matterClass('06', '市容环境类', 'City appearance and environment'),
    matterClass('07', '宣传广告类', 'Publicity and advertising'),
    matterClass('08', '施工管理类', 'Construction management'),
    matterClass('09', '街面秩序类', 'Street order'),
    matterClass('10', '其他事项类', 'Other matters'),
  ],
  standardRef: (code) => `GB/T 47678.5-2026 C.1 ${code} (${TRANSCRIPTION})`,
  // biome-ignore format: one item per line reads as a register
  rows: {
    '06': [
      ['06001', '私搭乱建', 'Unauthorised structure', LAW, 'D031', 'normal', ['违章建筑', '违建', '违法建设']],
      ['06002', '店面无证装修', 'Shopfront renovation without permit', LAW, 'D031', 'normal'],
      ['06003', '违章接坡', 'Unauthorised kerb ramp', LAW, 'D031', 'normal'],
      ['06004', '建筑物外立面污损', 'Soiled or damaged building facade', URBAN, 'D002', 'normal'],
      ['06005', '临街阳台、屋顶脏乱差', 'Untidy street-facing balcony or roof', URBAN, 'D002', 'low'],
      ['06006', '擅自在临街的建筑物上挂彩旗', 'Unauthorised bunting on street-facing building', LAW, 'D031', 'low'],
      ['06007', '沿街晾挂', 'Laundry hung along the street', URBAN, 'D031', 'low'],
      ['06008', '擅自架设管线、杆线设施', 'Unauthorised pipes, cables or poles', LAW, 'D031', 'normal', ['飞线']],
      ['06009', '空调室外机低挂', 'Air-conditioner unit hung too low', URBAN, 'D031', 'low'],
      ['06010', '暴露垃圾', 'Exposed rubbish', 'D033', 'D002', 'quick', ['垃圾', '乱扔垃圾']],
      ['06011', '积存垃圾渣土', 'Accumulated rubbish or spoil', 'D033', 'D002', 'normal', ['建筑垃圾']],
      ['06012', '道路不洁', 'Dirty road', 'D033', 'D002', 'quick'],
      ['06013', '道路破损', 'Damaged road', 'D035', 'D002', 'high', ['路面破损', '坑洼', '路面塌陷']],
      ['06014', '道路遗撒（洒）', 'Spillage on road', 'D033', 'D031', 'quick'],
      ['06015', '沙（河）滩不洁', 'Dirty beach or riverbank', 'D006', 'D002', 'normal'],
      ['06016', '交通标线不清晰', 'Faded road markings', 'D036', 'D007', 'normal'],
      ['06017', '绿地脏乱', 'Untidy green space', 'D032', 'D002', 'quick'],
      ['06018', '绿化弃料', 'Greenery waste', 'D032', 'D002', 'quick'],
      ['06019', '非装饰性吊挂', 'Non-decorative hanging items', URBAN, 'D031', 'low'],
      ['06020', '焚烧垃圾、树叶', 'Burning rubbish or leaves', LAW, 'D031', 'high', ['焚烧']],
      ['06021', '病虫害', 'Plant pests and diseases', 'D032', 'D002', 'normal'],
      ['06022', '非法伐树', 'Illegal tree felling', LAW, 'D031', 'high', ['砍树']],
      ['06023', '堤岸破损', 'Damaged embankment', 'D006', 'D006', 'high'],
      ['06024', '水域秩序乱象', 'Disorder on waterways', 'D006', 'D006', 'normal', ['野泳', '非法捕捞']],
      ['06025', '水域不洁', 'Dirty water surface', 'D006', 'D006', 'normal', ['水面漂浮物']],
      ['06026', '河道污染', 'River pollution', 'D006', 'D004', 'high', ['黑臭水体']],
      ['06027', '油烟污染', 'Cooking fume pollution', LAW, 'D004', 'normal', ['餐饮油烟']],
      ['06028', '噪声扰民', 'Noise nuisance', LAW, 'D004', 'normal', ['噪音', '扰民']],
      ['06029', '露天烧烤', 'Open-air barbecue', LAW, 'D031', 'quick'],
      ['06030', '乱倒乱排污水、废水', 'Illegal discharge of sewage or waste water', LAW, 'D006', 'high'],
      ['06032', '非正规垃圾填埋场', 'Informal landfill', 'D033', 'D004', 'normal'],
      ['06033', '乱丢弃医疗废物', 'Dumped medical waste', 'D009', 'D004', 'high'],
      ['06034', '废弃车辆', 'Abandoned vehicle', 'D036', 'D031', 'normal', ['僵尸车']],
      ['06035', '废弃家具设备', 'Discarded furniture or appliances', 'D033', 'D002', 'normal', ['大件垃圾']],
      ['06036', '乱堆杂物', 'Clutter piled in public space', URBAN, 'D031', 'normal', ['楼道堆物', '堆物']],
      ['06037', '动物尸体', 'Animal carcass', 'D033', 'D002', 'high'],
      ['06038', '擅自饲养家禽家畜', 'Unauthorised poultry or livestock keeping', LAW, 'D031', 'normal'],
      ['06039', '违章开设道口', 'Unauthorised road opening', LAW, 'D031', 'normal'],
      ['06040', '私设地锁、阻车桩', 'Private parking lock or bollard', LAW, 'D031', 'normal', ['地锁']],
      ['06041', '垃圾未分类', 'Unsorted rubbish', URBAN, 'D033', 'low', ['垃圾分类']],
      ['06042', '垃圾站（箱）满溢', 'Overflowing rubbish station or bin', 'D033', 'D002', 'quick', ['垃圾桶满溢', '垃圾箱爆满', '垃圾桶爆满']],
      ['06043', '遮阳篷（棚、伞）破损', 'Damaged awning, shed or umbrella', URBAN, 'D031', 'low'],
      ['06044', '节庆装饰物破损', 'Damaged festive decoration', URBAN, 'D032', 'low'],
      ['06045', '非法占绿毁绿', 'Encroaching on or destroying greenery', LAW, 'D031', 'normal', ['毁绿', '占绿']],
      ['06046', '占用河道', 'Encroachment on river channel', 'D006', 'D031', 'normal'],
      ['06047', '公园秩序', 'Park order', 'D032', 'D031', 'normal'],
      ['06048', '边坡（挡土墙）破损', 'Damaged slope or retaining wall', 'D035', 'D003', 'high'],
      ['06049', '台阶破损', 'Damaged steps', 'D035', 'D002', 'normal'],
      ['06050', '路缘石缺损', 'Damaged or missing kerbstone', 'D035', 'D002', 'normal', ['马路牙子']],
      ['06051', '盲道缺损', 'Damaged tactile paving', 'D035', 'D003', 'normal'],
      ['06052', '无障碍坡道破损', 'Damaged accessible ramp', 'D035', 'D003', 'normal'],
    ],
    '07': [
      ['07001', '非法小广告', 'Illegal fly-posting', URBAN, 'D031', 'quick', ['小广告', '牛皮癣']],
      ['07002', '街头散发广告', 'Leafleting on the street', LAW, 'D031', 'quick', ['发传单']],
      ['07003', '违规户外广告', 'Non-compliant outdoor advertising', LAW, 'D031', 'normal'],
      ['07004', '广告语言文字不规范', 'Non-standard language in advertising', 'D005', 'D005', 'low'],
      ['07006', '违规牌匾标识', 'Non-compliant shop sign', LAW, 'D031', 'normal'],
      ['07007', '违规标语宣传品', 'Non-compliant banners and slogans', LAW, 'D031', 'normal', ['横幅']],
      ['07008', '公益性宣传品缺损', 'Damaged public-service publicity', URBAN, 'D002', 'low'],
    ],
    '08': [
      ['08001', '施工扰民', 'Construction nuisance', LAW, 'D003', 'normal', ['夜间施工', '施工噪音']],
      ['08002', '施工占道', 'Construction occupying the road', LAW, 'D031', 'normal'],
      ['08003', '无证掘路', 'Road excavation without permit', 'D031', 'D002', 'high', ['挖路']],
      ['08004', '工地扬尘', 'Construction site dust', 'D003', 'D004', 'normal', ['扬尘']],
      ['08005', '施工废弃料', 'Construction waste', 'D003', 'D031', 'normal'],
      ['08006', '施工物料乱堆放', 'Construction materials piled carelessly', LAW, 'D031', 'normal'],
      ['08007', '施工工地围挡问题', 'Construction hoarding problem', 'D003', 'D031', 'normal', ['围挡']],
      ['08008', '施工工地道路未硬化', 'Unpaved construction site road', 'D003', 'D004', 'normal'],
      ['08009', '施工工地出入口道路破损', 'Damaged road at site entrance', 'D003', 'D035', 'normal'],
      ['08010', '施工完成后未场光地净', 'Site not cleared after works', 'D003', 'D031', 'normal'],
      ['08011', '渣土运输车辆未安装密闭装置', 'Uncovered spoil truck', 'D031', 'D036', 'normal', ['渣土车']],
      ['08012', '施工工地车轮夹带', 'Mud tracked out by site vehicles', 'D003', 'D031', 'normal'],
      ['08013', '违规高空悬吊作业', 'Unsafe suspended work at height', 'D003', 'D011', 'high'],
      ['08014', '预埋件设施裸露', 'Exposed embedded fixtures', 'D035', 'D002', 'high'],
      ['08015', '施工公示牌污损', 'Damaged construction notice board', 'D003', 'D003', 'low'],
      ['08016', '无证建设', 'Building without permit', LAW, 'D031', 'normal'],
    ],
    '09': [
      ['09001', '无照经营游商', 'Unlicensed street vendor', LAW, 'D031', 'quick', ['流动摊贩', '摆摊']],
      ['09002', '早（夜）市管理问题', 'Morning or night market problem', URBAN, 'D031', 'normal', ['夜市']],
      ['09003', '流浪乞讨', 'Vagrancy and begging', 'D010', 'D001', 'high', ['流浪人员']],
      ['09004', '废品收购乱象', 'Disorderly scrap collection', LAW, 'D031', 'normal'],
      ['09005', '店外经营', 'Trading outside the shop', LAW, 'D031', 'quick', ['出店经营']],
      ['09006', '占道经营', 'Trading on the road or pavement', LAW, 'D031', 'quick', ['摆摊']],
      ['09008', '非法出版物销售', 'Sale of illegal publications', 'D014', 'D014', 'normal'],
      ['09009', '机动车乱停放', 'Illegally parked motor vehicle', 'D036', 'D036', 'quick', ['违章停车', '乱停车', '违停']],
      ['09010', '非机动车乱停放', 'Disorderly parked bicycles', URBAN, 'D036', 'quick'],
      ['09011', '共享单车乱象', 'Disorderly shared bikes', 'D007', 'D007', 'quick', ['共享单车']],
      ['09012', '占用消防通道', 'Blocked fire lane', 'D016', 'D016', 'high', ['消防通道']],
      ['09013', '临街屠宰', 'Slaughtering on the street', LAW, 'D031', 'normal'],
      ['09014', '畜力车进城', 'Animal-drawn cart in the city', 'D036', 'D036', 'normal'],
      ['09015', '无证餐饮', 'Unlicensed catering', 'D005', 'D031', 'normal'],
      ['09016', '违规设置停车场', 'Unauthorised car park', 'D007', 'D031', 'normal'],
      ['09017', '违规占用桥下空间', 'Unauthorised use of space under a bridge', LAW, 'D031', 'normal'],
      ['09018', '履带车（铁轮车）违规上路行驶', 'Tracked or iron-wheeled vehicle on the road', 'D036', 'D036', 'normal'],
      ['09019', '占用无障碍通道', 'Blocked accessible route', LAW, 'D031', 'normal'],
      ['09020', '农贸市场秩序问题', 'Farmers market disorder', 'D005', 'D022', 'normal', ['菜市场']],
      ['09021', '占道洗车', 'Car washing on the road', LAW, 'D031', 'quick'],
      ['09022', '占道促销宣传', 'Promotion occupying the road', LAW, 'D031', 'quick'],
    ],
    '10': [
      ['10001', '道路积雪、结冰', 'Snow or ice on road', 'D033', 'D002', 'high', ['积雪', '结冰']],
      ['10002', '架空线缆脱落', 'Fallen overhead cable', 'D002', 'D002', 'high', ['电线脱落', '线缆垂落']],
    ],
  },
};
