import admin from './admin.ts';
import command from './command.ts';
import common from './common.ts';
import department from './department.ts';
import field from './field.ts';
import hotline from './hotline.ts';
import open311 from './open311.ts';
import resident from './resident.ts';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Every screen's words, one namespace per part of the app; zh-CN and en must hold the same keys. */
export const MESSAGE_PARTS = { common, command, field, resident, department, admin, open311, hotline };
