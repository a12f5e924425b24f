// The words of the resident screens.
export default {
  'zh-CN': {
    title: 'resident',
  },
  en: {
    title: 'resident',
  },
};
