/** Words of the ledger's and the admin pages' additions (issue 13): copying a key, names for codes, the ledger. */
export default {
  'zh-CN': {
    ledgerAdmin: {
      copy: '复制',
      copied: '已复制到剪贴板',
      copyFailed: '无法访问剪贴板，请选中密钥后手动复制',
      categoryLevel: { 1: '一级', 2: '二级', 3: '三级' },
    },
  },
  en: {
    ledgerAdmin: {
      copy: 'Copy',
      copied: 'Copied to the clipboard',
      copyFailed: 'The clipboard is not available: select the key and copy it',
      categoryLevel: { 1: 'Level 1', 2: 'Level 2', 3: 'Level 3' },
    },
  },
};
