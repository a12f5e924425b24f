// The words of the command screens.
export default {
  'zh-CN': {
    title: 'command',
  },
  en: {
    title: 'command',
  },
};
