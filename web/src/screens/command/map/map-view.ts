import type { AreaLevel } from '../../../components/map/base-map.ts';

/** What the live map shows for an area: the boundaries it draws and the level it colours by open events. */
export interface MapView {
  root: string;
  lines: AreaLevel[];
  colour: 'community' | 'grid';
}

/** A path's depth names the level: district/street/community/grid. */
const LEVEL_BY_DEPTH: AreaLevel[] = ['district', 'street', 'community', 'grid', 'micro_grid'];

export function levelOfPath(path: string): AreaLevel {
  return LEVEL_BY_DEPTH[path.split('/').length - 1] ?? 'grid';
}

/**
 * A district-level person sees streets and communities (a thousand grids would be noise at that scale) until
 * a street is picked; a street sees its communities and grids; a community its grids and micro-grids.
 */
export function mapViewOf(area: { code: string; path: string }, pickedStreet: string | null): MapView {
  const level = levelOfPath(area.path);
  if (level === 'district' && !pickedStreet)
    return { root: area.code, lines: ['street', 'community'], colour: 'community' };
  if (level === 'district' || level === 'street')
    return { root: pickedStreet ?? area.code, lines: ['street', 'community', 'grid'], colour: 'grid' };
  return { root: area.code, lines: ['community', 'grid', 'micro_grid'], colour: 'grid' };
}
