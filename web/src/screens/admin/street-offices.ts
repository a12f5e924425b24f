import type { StreetOfficeKind } from '../../../../src/domain/catalogue.ts';

/** The kinds of office a street keeps (街道科室), in the server's order; their names are in admin.catalogue.offices. */
export const STREET_OFFICE_KINDS: readonly StreetOfficeKind[] = [
  'law_enforcement',
  'urban_management',
  'public_safety',
  'community_building',
  'citizen_service',
  'emergency_management',
  'party_affairs',
];
