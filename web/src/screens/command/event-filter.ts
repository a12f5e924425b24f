import type { EventFilter, EventSource, EventStateName } from '../../api/types.ts';

/** The list's filter as the form holds it: a date range instead of two instants, blanks instead of absent. */
export interface FilterForm {
  state: EventStateName[];
  area: string;
  catalogueItem: string;
  source: EventSource | '';
  department: string;
  overdue: boolean;
  dates: [Date, Date] | null;
}

export function blankFilterForm(): FilterForm {
  return { state: [], area: '', catalogueItem: '', source: '', department: '', overdue: false, dates: null };
}

/** The form as the API's filter: only what is set, the range from the first day's start to the last day's end. */
export function filterOf(form: FilterForm): EventFilter {
  const filter: EventFilter = {};
  if (form.state.length) filter.state = [...form.state];
  if (form.area) filter.area = form.area;
  if (form.catalogueItem) filter.catalogueItem = form.catalogueItem;
  if (form.source) filter.source = form.source;
  if (form.department) filter.department = form.department;
  if (form.overdue) filter.overdue = true;
  if (form.dates) {
    const [from, to] = form.dates;
    filter.from = new Date(from.getFullYear(), from.getMonth(), from.getDate()).toISOString();
    filter.to = new Date(to.getFullYear(), to.getMonth(), to.getDate() + 1).toISOString();
  }
  return filter;
}

/** A saved filter back in the form. */
export function formOf(filter: EventFilter): FilterForm {
  const to = filter.to ? new Date(Date.parse(filter.to) - 1) : null;
  return {
    state: [...(filter.state ?? [])],
    area: filter.area ?? '',
    catalogueItem: filter.catalogueItem ?? '',
    source: filter.source ?? '',
    department: filter.department ?? '',
    overdue: filter.overdue ?? false,
    dates: filter.from && to ? [new Date(filter.from), to] : null,
  };
}
