// The words of the admin screens.
export default {
  'zh-CN': {
    title: 'admin',
  },
  en: {
    title: 'admin',
  },
};
