import type { CatalogueClass } from '../domain/catalogue.ts';
import type { RowGroup } from './default-catalogue.ts';

/**
 * The grid's social-governance work (社会治理), as the seeds describe it: disputes, safety hazards, public
 * order, livelihood services, business requests, property management, pollution, public health, housing safety
 * and special groups. No national standard numbers these, so the codes are local: class `SGnn`, item `SGnnmm`.
 */
function localClass(code: string, name: string, nameEn: string): CatalogueClass {
  return { code, name, nameEn, kind: 'social_governance', standardRef: null };
}

const LAW = 'street:law_enforcement';
const URBAN = 'street:urban_management';
const SAFETY = 'street:public_safety';
const BUILDING = 'street:community_building';
const SERVICE = 'street:citizen_service';

export const SOCIAL_GOVERNANCE: RowGroup = {
  classes: [
    localClass('SG01', '矛盾纠纷', 'Disputes'),
    localClass('SG02', '安全隐患', 'Safety hazards'),
    localClass('SG03', '治安', 'Public order'),
    localClass('SG04', '民生服务', 'Livelihood services'),
    localClass('SG05', '企业诉求', 'Business requests'),
    localClass('SG06', '物业管理', 'Property management'),
    localClass('SG07', '环境保护', 'Environmental protection'),
    localClass('SG08', '疫情与公共卫生', 'Epidemics and public health'),
    localClass('SG09', '房屋安全', 'Housing safety'),
    localClass('SG10', '特殊人群', 'Special groups'),
  ],
  standardRef: () => null,
  // biome-ignore format: one item per line reads as a register
  rows: {
    SG01: [
      ['SG0101', '邻里纠纷', 'Neighbour dispute', 'community', 'D013', 'normal', ['邻居', '调解', '漏水纠纷']],
      ['SG0102', '物业纠纷', 'Dispute with the property manager', 'community', 'D034', 'normal', ['物业费', '物业公司']],
      ['SG0103', '劳动争议', 'Labour dispute', 'D012', 'D012', 'high', ['欠薪', '拖欠工资', '讨薪']],
      ['SG0104', '婚姻家庭纠纷', 'Family dispute', 'community', 'D038', 'normal', ['家庭矛盾', '家暴']],
      ['SG0105', '房屋租赁纠纷', 'Tenancy dispute', 'community', 'D034', 'normal', ['租房', '押金']],
      ['SG0106', '消费纠纷', 'Consumer dispute', 'D005', 'D005', 'normal', ['退款', '预付卡']],
      ['SG0107', '征收补偿纠纷', 'Expropriation compensation dispute', 'D034', 'D018', 'normal', ['拆迁']],
      ['SG0108', '群体性矛盾苗头', 'Early signs of a collective dispute', SAFETY, 'D018', 'high', ['聚集', '群访']],
    ],
    SG02: [
      ['SG0201', '消防安全隐患', 'Fire hazard', SAFETY, 'D016', 'urgent', ['火灾隐患', '堵塞安全出口', '消防隐患']],
      ['SG0202', '燃气泄漏', 'Gas leak', 'D046', 'D011', 'urgent', ['煤气泄漏', '燃气味', '漏气']],
      ['SG0203', '供水管道爆裂', 'Burst water main', 'D045', 'D006', 'urgent', ['爆管', '自来水管爆裂', '跑水']],
      ['SG0204', '电动自行车违规充电', 'Electric bicycle charged indoors or by trailing cable', 'community', 'D016', 'high', ['电动车入户', '飞线充电', '楼道充电']],
      ['SG0205', '电梯安全隐患', 'Lift safety hazard', 'D005', 'D005', 'high', ['电梯困人', '电梯故障']],
      ['SG0206', '高空坠物隐患', 'Risk of objects falling from height', SAFETY, 'D011', 'high', ['高空抛物', '阳台坠物']],
      ['SG0207', '危险化学品隐患', 'Hazardous chemicals risk', 'D011', 'D011', 'high', ['危化品']],
      ['SG0208', '燃气使用安全隐患', 'Unsafe gas use', 'D046', 'D002', 'high', ['液化气罐', '燃气软管']],
      ['SG0209', '防汛隐患', 'Flood risk', 'D006', 'D011', 'high', ['积水', '内涝']],
    ],
    SG03: [
      ['SG0301', '治安隐患', 'Public order hazard', 'D001', 'D001', 'normal'],
      ['SG0302', '涉黄赌毒线索', 'Tip-off on prostitution, gambling or drugs', 'D001', 'D001', 'high', ['赌博', '吸毒']],
      ['SG0303', '扰乱公共秩序', 'Disturbance of public order', 'D001', 'D001', 'high', ['打架', '斗殴']],
      ['SG0304', '出租房屋治安管理', 'Rental housing security registration', SAFETY, 'D001', 'normal', ['出租屋', '流动人口']],
      ['SG0305', '可疑人员物品', 'Suspicious person or object', 'D001', 'D001', 'high'],
      ['SG0306', '电信网络诈骗线索', 'Telecom or online fraud tip-off', 'D001', 'D001', 'normal', ['诈骗', '反诈']],
    ],
    SG04: [
      ['SG0401', '高龄老人津贴', 'Elderly allowance', SERVICE, 'D010', 'normal', ['高龄津贴', '老年补贴', '80岁']],
      ['SG0402', '残疾人服务', 'Disability allowance and services', SERVICE, 'D037', 'normal', ['残疾人补贴', '残疾证']],
      ['SG0403', '就业创业服务', 'Employment and start-up services', SERVICE, 'D012', 'normal', ['失业', '找工作', '就业']],
      ['SG0404', '社会救助', 'Social assistance and minimum living allowance', SERVICE, 'D010', 'normal', ['低保', '困难救助']],
      ['SG0405', '居家养老服务', 'Home care for the elderly', 'community', 'D010', 'normal', ['养老', '助餐']],
      ['SG0406', '社会保险', 'Social insurance', SERVICE, 'D012', 'normal', ['社保', '养老保险']],
      ['SG0407', '医疗保障', 'Medical insurance', SERVICE, 'D020', 'normal', ['医保']],
      ['SG0408', '退役军人服务', "Veterans' services", SERVICE, 'D019', 'normal'],
      ['SG0409', '入学教育', 'School enrolment and education', 'D008', 'D008', 'normal', ['入学', '上学']],
    ],
    SG05: [
      ['SG0501', '企业经营困难帮扶', 'Help for a business in difficulty', 'D022', 'D023', 'normal', ['订单', '市场开拓']],
      ['SG0502', '政务审批服务', 'Licensing and approval service', 'D030', 'D030', 'normal', ['审批', '办证']],
      ['SG0503', '企业用工', 'Business recruitment and staffing', 'D012', 'D012', 'normal', ['招工', '用工']],
      ['SG0504', '企业税费', 'Business taxes and fees', 'D017', 'D017', 'normal', ['税务', '退税']],
      ['SG0505', '企业融资', 'Business financing', 'D024', 'D023', 'normal', ['贷款', '融资']],
      ['SG0506', '企业水电气热报装', 'Business utility connection', 'D028', 'D028', 'normal', ['报装', '用电', '用水']],
      ['SG0507', '科技创新与知识产权', 'Innovation and intellectual property', 'D027', 'D005', 'low', ['专利']],
      ['SG0508', '惠企政策咨询与兑现', 'Business support policies', 'D023', 'D023', 'normal', ['惠企政策', '补贴']],
      ['SG0509', '营商环境投诉', 'Complaint about the business environment', 'D023', 'D023', 'high', ['营商环境']],
    ],
    SG06: [
      ['SG0601', '物业服务质量', 'Quality of property management service', 'community', 'D034', 'normal', ['物业不作为']],
      ['SG0602', '业主委员会组建与换届', "Owners' committee formation and election", BUILDING, 'D034', 'normal', ['业委会', '业主大会']],
      ['SG0603', '专项维修资金使用', 'Use of the maintenance fund', 'D034', 'D034', 'normal', ['维修资金', '维修基金']],
      ['SG0604', '无物业老旧小区管理', 'Old estate without property management', BUILDING, 'D034', 'normal', ['老旧小区', '弃管小区']],
      ['SG0605', '小区公共收益', 'Estate common revenue', 'community', 'D034', 'low', ['公共收益']],
      ['SG0606', '小区停车管理', 'Estate parking management', 'community', 'D034', 'normal', ['小区停车']],
    ],
    SG07: [
      ['SG0701', '社会生活噪声扰民', 'Neighbourhood noise', LAW, 'D004', 'normal', ['广场舞', '商铺喇叭']],
      ['SG0702', '工业噪声', 'Industrial noise', 'D004', 'D004', 'normal'],
      ['SG0703', '废气异味污染', 'Exhaust gas or odour pollution', 'D004', 'D004', 'normal', ['异味', '臭味', '废气']],
      ['SG0704', '企业违法排污', 'Illegal discharge by a firm', 'D004', 'D004', 'high', ['偷排', '排污']],
      ['SG0705', '散乱污企业', 'Small polluting workshop', 'D004', 'D004', 'normal', ['小作坊']],
      ['SG0706', '裸露地面扬尘', 'Dust from bare ground', URBAN, 'D004', 'normal', ['黄土裸露']],
    ],
    SG08: [
      ['SG0801', '传染病疫情线索', 'Infectious disease report', 'D009', 'D009', 'urgent', ['疫情', '发热', '传染病']],
      ['SG0802', '病媒生物防治', 'Pest vector control', 'D009', 'D009', 'normal', ['老鼠', '蚊子', '蟑螂', '灭鼠']],
      ['SG0803', '食品安全', 'Food safety', 'D005', 'D005', 'high', ['食物中毒', '过期食品']],
      ['SG0804', '非法行医', 'Unlicensed medical practice', 'D009', 'D009', 'high', ['黑诊所']],
      ['SG0805', '公共场所卫生', 'Hygiene in public places', 'D009', 'D009', 'normal'],
      ['SG0806', '犬只管理', 'Dog control', 'D001', 'D009', 'normal', ['遛狗', '犬只伤人', '流浪狗']],
    ],
    SG09: [
      ['SG0901', '危房隐患', 'Dangerous building', 'D034', 'D003', 'high', ['危房', '房屋开裂']],
      ['SG0902', '房屋外墙脱落', 'Facade falling off', 'D034', 'D003', 'urgent', ['外墙皮脱落', '瓷砖脱落']],
      ['SG0903', '违规装修破坏承重结构', 'Renovation damaging load-bearing structure', 'D003', 'D031', 'high', ['拆承重墙']],
      ['SG0904', '房屋漏雨渗水', 'Leaking roof or walls', 'community', 'D034', 'normal', ['漏雨', '渗水']],
      ['SG0905', '群租房', 'Overcrowded rental flat', SAFETY, 'D034', 'normal', ['群租']],
      ['SG0906', '地下空间违规使用', 'Misuse of basement space', SAFETY, 'D043', 'normal', ['地下室住人']],
    ],
    SG10: [
      ['SG1001', '独居空巢老人关爱', 'Care for elderly people living alone', 'community', 'D010', 'normal', ['独居老人', '空巢老人']],
      ['SG1002', '困境儿童关爱', 'Care for children in difficulty', 'community', 'D010', 'high', ['留守儿童']],
      ['SG1003', '严重精神障碍患者服务管理', 'People with severe mental disorders', 'community', 'D009', 'high', ['精神病人']],
      ['SG1004', '社区矫正对象', 'People under community correction', SAFETY, 'D013', 'normal', ['社区矫正']],
      ['SG1005', '刑满释放人员帮教', 'Support for released prisoners', SAFETY, 'D013', 'normal', ['安置帮教']],
      ['SG1006', '社区戒毒康复人员', 'People in community drug rehabilitation', SAFETY, 'D001', 'normal', ['戒毒']],
      ['SG1007', '重点信访人员', 'Frequent petitioners', SAFETY, 'D018', 'normal', ['信访', '上访']],
    ],
  },
};
