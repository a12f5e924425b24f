// The words of the field screens.
export default {
  'zh-CN': {
    title: 'field',
  },
  en: {
    title: 'field',
  },
};
