import type { Random } from './random.ts';
import type { PlaceName } from './tianjin.ts';

/** A stem twice gives the familiar 桃花园/桃花里 pairs among communities without every name sounding alike. */
const COMMUNITY_STEM_USES = 2;
/** Street names are few and prominent, so each stem names one street in the whole city. */
const STREET_STEM_USES = 1;
/** How often a building is big enough to be split into micro-grids by entrance (单元). */
const SPLIT_BUILDING_CHANCE = 0.3;

// biome-ignore format: a packed table reads better than one name per line
const COMMUNITY_STEMS = [
  '光荣', '桃花', '春华', '丁香', '芳草', '红旗', '勤俭', '团结', '友谊', '和睦', '幸福', '复兴', '建设', '文化',
  '育红', '向阳', '新华', '光明', '丰产', '万春', '锦绣', '怡和', '华蕴', '湘潭', '丹江', '本溪', '昆明', '双环',
  '平安', '永明', '康乐', '双新', '水木', '欣荣', '润泽', '青年', '翠溪', '星河', '民生', '长虹', '凌庄', '子牙',
  '运河', '北运', '湾畔', '美景', '丽晶', '阳光', '鸿运', '金厦', '柳滩', '百合', '秀水', '瑞景', '天骄', '远洋',
  '和顺', '安乐', '泰和', '天和', '顺驰', '金潮', '海河', '竹园', '梅林', '兰亭', '荷花', '松柏', '银河', '西站',
  '北站', '大丰', '龙禧', '佳和', '宏丰', '善美', '新春', '双和', '惠丰', '永乐', '祥和', '福顺',
];

// biome-ignore format: a packed table reads better than one name per line
const COMMUNITY_ENDINGS = ['', '里', '园', '苑', '道', '新村', '北里', '南里', '东里', '西里', '花园', '家园'];

// biome-ignore format: a packed table reads better than one name per line
const STREET_STEMS: readonly PlaceName[] = [
  ['新华', 'xinhua'], ['光明', 'guangming'], ['建国', 'jianguo'], ['胜利', 'shengli'], ['朝阳', 'chaoyang'],
  ['长江', 'changjiang'], ['黄河', 'huanghe'], ['泰山', 'taishan'], ['华山', 'huashan'], ['金钟', 'jinzhong'],
  ['万新', 'wanxin'], ['天穆', 'tianmu'], ['宜兴', 'yixing'], ['望海', 'wanghai'], ['鼓楼', 'gulou'],
  ['东兴', 'dongxing'], ['西营', 'xiying'], ['南营', 'nanying'], ['北洋', 'beiyang'], ['春和', 'chunhe'],
  ['秋实', 'qiushi'], ['振华', 'zhenhua'], ['兴隆', 'xinglong'], ['永安', 'yongan'], ['富民', 'fumin'],
  ['体育', 'tiyu'], ['学府', 'xuefu'], ['向阳', 'xiangyang'], ['王串', 'wangchuan'], ['常州', 'changzhou'],
  ['唐家', 'tangjia'], ['大王', 'dawang'], ['中山', 'zhongshan'], ['宁园', 'ningyuan'], ['月牙', 'yueya'],
  ['铁东', 'tiedong'], ['江都', 'jiangdu'], ['建昌', 'jianchang'], ['双街', 'shuangjie'], ['果园', 'guoyuan'],
  ['瑞景', 'ruijing'], ['柳林', 'liulin'], ['梅江', 'meijiang'], ['友谊', 'youyi'], ['桃园', 'taoyuan'],
  ['尖山', 'jianshan'], ['华苑', 'huayuan'], ['水上', 'shuishang'], ['嘉陵', 'jialing'], ['海津', 'haijin'],
  ['天塔', 'tianta'], ['五马', 'wuma'], ['东海', 'donghai'], ['西湖', 'xihu'], ['南湖', 'nanhu'],
  ['北塘', 'beitang'], ['新开', 'xinkai'], ['丽江', 'lijiang'], ['银川', 'yinchuan'], ['兰州', 'lanzhou'],
  ['芦台', 'lutai'], ['咸水', 'xianshui'], ['小站', 'xiaozhan'], ['杨柳', 'yangliu'], ['白堤', 'baidi'],
  ['红星', 'hongxing'], ['前进', 'qianjin'], ['和兴', 'hexing'], ['新立', 'xinli'], ['华明', 'huaming'],
  ['军粮', 'junliang'], ['张窝', 'zhangwo'], ['精武', 'jingwu'], ['辛口', 'xinkou'], ['双港', 'shuanggang'],
  ['葛沽', 'gegu'], ['咸宁', 'xianning'], ['青年', 'qingnian'], ['广开', 'guangkai'], ['长虹', 'changhong'],
  ['万兴', 'wanxing'], ['学湖', 'xuehu'], ['兴南', 'xingnan'], ['瑞金', 'ruijin'], ['云南', 'yunnan'],
  ['贵州', 'guizhou'], ['大沽', 'dagu'], ['挂甲', 'guajia'], ['陈塘', 'chentang'], ['马场', 'machang'],
  ['友好', 'youhao'], ['越秀', 'yuexiu'], ['太湖', 'taihu'], ['珠江', 'zhujiang'], ['佟楼', 'tonglou'],
  ['东湖', 'donghu'],
].map(([zh, en]) => ({ zh: zh!, en: en! }));

// biome-ignore format: a packed table reads better than one name per line
const STREET_ENDINGS: readonly PlaceName[] = [
  ['', ''], ['路', 'lu'], ['道', 'dao'], ['桥', 'qiao'], ['庄', 'zhuang'], ['里', 'li'], ['门', 'men'],
].map(([zh, en]) => ({ zh: zh!, en: en! }));

/** `count` distinct community names such as 光荣道社区, 桃花园社区 or 春华社区. */
export function drawCommunityNames(count: number, random: Random): string[] {
  return drawCompounds(COMMUNITY_STEMS, COMMUNITY_ENDINGS, COMMUNITY_STEM_USES, count, random).map(
    ([stem, ending]) => `${stem}${ending}社区`,
  );
}

/** `count` distinct street names such as 新华路街道, with an English name like `Xinhualu Subdistrict`. */
export function drawStreetNames(count: number, random: Random): PlaceName[] {
  return drawCompounds(STREET_STEMS, STREET_ENDINGS, STREET_STEM_USES, count, random).map(
    ([stem, ending]) => {
      const pinyin = stem.en + ending.en;
      return {
        zh: `${stem.zh}${ending.zh}街道`,
        en: `${pinyin.charAt(0).toUpperCase()}${pinyin.slice(1)} Subdistrict`,
      };
    },
  );
}

/**
 * Names a community's micro-grids after its buildings, numbered on from grid to grid like the real estate:
 * a micro-grid is a whole building (`3号楼`) or, for a big building, one of its entrances (`5号楼2单元`).
 */
export function createBuildingNamer(random: Random): (count: number) => string[] {
  let building = 0;
  return (count) => {
    const names: string[] = [];
    while (names.length < count) {
      building += 1;
      const left = count - names.length;
      const entrances =
        left >= 2 && random.next() < SPLIT_BUILDING_CHANCE ? Math.min(left, random.int(2, 3)) : 1;
      if (entrances === 1) {
        names.push(`${building}号楼`);
      } else {
        for (let entrance = 1; entrance <= entrances; entrance++) {
          names.push(`${building}号楼${entrance}单元`);
        }
      }
    }
    return names;
  };
}

function drawCompounds<T>(
  stems: readonly T[],
  endings: readonly T[],
  usesPerStem: number,
  count: number,
  random: Random,
): Array<[T, T]> {
  const uses = new Map<T, number>();
  const chosen: Array<[T, T]> = [];
  const candidates = random.shuffle(stems.flatMap((stem) => endings.map((ending): [T, T] => [stem, ending])));
  for (const [stem, ending] of candidates) {
    if (chosen.length === count) break;
    const used = uses.get(stem) ?? 0;
    if (used < usesPerStem) {
      uses.set(stem, used + 1);
      chosen.push([stem, ending]);
    }
  }
  if (chosen.length < count) throw new RangeError(`only ${chosen.length} of ${count} names available`);
  return chosen;
}
