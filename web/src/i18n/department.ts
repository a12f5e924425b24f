// The words of the department screens.
export default {
  'zh-CN': {
    title: 'department',
  },
  en: {
    title: 'department',
  },
};
