/** The administrator's screens, in menu order: their path under /admin and the i18n namespace of their words. */
export const ADMIN_SECTIONS = [
  { path: 'areas', words: 'admin.areas', load: () => import('./areas/AreasScreen.vue') },
  { path: 'catalogue', words: 'admin.catalogue', load: () => import('./catalogue/CatalogueScreen.vue') },
  {
    path: 'departments',
    words: 'admin.departments',
    load: () => import('./departments/DepartmentsScreen.vue'),
  },
  { path: 'people', words: 'admin.people', load: () => import('./people/PeopleScreen.vue') },
  { path: 'calendar', words: 'admin.calendar', load: () => import('./calendar/CalendarScreen.vue') },
  { path: 'scores', words: 'admin.scores', load: () => import('./scores/ScoresScreen.vue') },
  { path: 'open311', words: 'open311', load: () => import('./open311/Open311KeysScreen.vue') },
  { path: 'hotline', words: 'hotline', load: () => import('./hotline/HotlineSourcesScreen.vue') },
] as const;
