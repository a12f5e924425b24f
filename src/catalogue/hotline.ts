import type { CatalogueItem, StepLimit } from '../domain/catalogue.ts';
import type { RowGroup } from './default-catalogue.ts';

/**
 * The kinds of 12345 hotline request (诉求类型). The national rule (国办发〔2020〕53号) sets the loop but no
 * numbers; these limits take two cities' local rules: one signs for (签收) a case within 1 working day, the
 * other answers 咨询/求助 within 3 working days and 投诉/举报 within 13, and calls back (回访) the day after
 * closing. 建议 and 表扬 have no figure in either: a suggestion gets the complaint's 13 days, praise the
 * consultation's 3 (Huying's choice). A request about a known matter can be filed under that matter's item
 * instead; these items hold the rest.
 */
const ACCEPT: StepLimit = { unit: 'working_days', amount: 1 };
const FOLLOW_UP: StepLimit = { unit: 'working_days', amount: 1 };

function hotline(days: number, priority: CatalogueItem['priority'] = 'normal') {
  return {
    priority,
    limits: { accept: ACCEPT, handle: { unit: 'working_days', amount: days }, verify: FOLLOW_UP },
  } as const;
}

const SERVICE = 'street:citizen_service';

export const HOTLINE: RowGroup = {
  classes: [
    {
      code: 'HL',
      name: '12345热线诉求',
      nameEn: '12345 hotline requests',
      kind: 'hotline',
      standardRef: null,
    },
  ],
  standardRef: () => null,
  // biome-ignore format: one item per line reads as a register
  rows: {
    HL: [
      ['HL01', '咨询', 'Consultation', SERVICE, 'D030', hotline(3), ['问询', '政策咨询']],
      ['HL02', '求助', 'Request for help', SERVICE, 'D030', hotline(3, 'high'), ['帮助']],
      ['HL03', '投诉', 'Complaint', SERVICE, 'D030', hotline(13), ['反映问题']],
      ['HL04', '举报', 'Report or tip-off', SERVICE, 'D030', hotline(13), ['检举']],
      ['HL05', '建议', 'Suggestion', SERVICE, 'D030', hotline(13, 'low'), ['意见']],
      ['HL06', '表扬', 'Praise', SERVICE, 'D030', hotline(3, 'low'), ['感谢']],
    ],
  },
};
