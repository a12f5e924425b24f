import type { CommandName, Rating } from '../../api/types.ts';

/** The inputs a command's dialog asks for; they mirror COMMAND_BODIES of the server's event schema. */
export type CommandField =
  | 'areaCode'
  | 'intoEventId'
  | 'units'
  | 'text'
  | 'reason'
  | 'extraHours'
  | 'passed'
  | 'rating'
  | 'comment'
  | 'rework'
  | 'attachments';

export const COMMAND_FIELDS: Record<CommandName, readonly CommandField[]> = {
  locate: ['areaCode'],
  merge: ['intoEventId'],
  solve: ['text', 'attachments'],
  escalate: ['reason'],
  dispatch: ['units'],
  whistle: ['units', 'reason'],
  'second-whistle': ['reason'],
  accept: [],
  return: ['reason'],
  extend: ['extraHours', 'reason'],
  approve: [],
  refuse: ['reason'],
  handle: ['text', 'attachments'],
  verify: ['passed', 'text', 'attachments'],
  rate: ['rating', 'comment', 'rework'],
  close: ['text'],
  reopen: ['reason'],
  cancel: ['reason'],
};

/** Commands that undo or stop a case: their button is marked as such. */
export const DANGEROUS_COMMANDS: readonly CommandName[] = ['cancel', 'return', 'refuse', 'reopen'];

export interface CommandForm {
  areaCode: string;
  intoEventId: string;
  lead: string;
  assisting: string[];
  text: string;
  reason: string;
  extraHours: number;
  passed: boolean;
  rating: Rating;
  comment: string;
  rework: boolean;
  files: File[];
}

export function blankCommandForm(): CommandForm {
  return {
    areaCode: '',
    intoEventId: '',
    lead: '',
    assisting: [],
    text: '',
    reason: '',
    extraHours: 24,
    passed: true,
    rating: 'satisfied',
    comment: '',
    rework: false,
    files: [],
  };
}

/** The field a required text is missing from, or null when the form may be sent. */
export function missingField(command: CommandName, form: CommandForm): CommandField | null {
  const fields = COMMAND_FIELDS[command];
  if (fields.includes('units') && !form.lead) return 'units';
  if (fields.includes('intoEventId') && !form.intoEventId) return 'intoEventId';
  if (fields.includes('areaCode') && !form.areaCode.trim()) return 'areaCode';
  if (fields.includes('text') && !form.text.trim()) return 'text';
  if (fields.includes('reason') && !form.reason.trim()) return 'reason';
  return null;
}

/** The request body of a command from its form, with the ids of the files already uploaded. */
export function commandBody(
  command: CommandName,
  form: CommandForm,
  attachmentIds: string[],
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of COMMAND_FIELDS[command]) {
    switch (field) {
      case 'units':
        body.lead = form.lead;
        body.assisting = form.assisting.filter((code) => code !== form.lead);
        break;
      case 'attachments':
        body.attachmentIds = attachmentIds;
        break;
      case 'text':
      case 'reason':
      case 'comment':
      case 'areaCode':
        body[field] = form[field].trim();
        break;
      default:
        body[field] = form[field];
    }
  }
  return body;
}
