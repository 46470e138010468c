/** 节点佐证材料: the evidence files of a project milestone. */
export default {
  'zh-CN': {
    evidence: {
      column: '佐证材料',
      upload: '上传佐证',
      none: '暂无',
      image: '图片',
      pdf: 'PDF 文件',
      size: '{kb} KB',
      remove: '删除',
      confirmRemove: '确定删除该佐证材料（{name}）吗？删除将记入项目变更记录。',
      removeTitle: '删除佐证材料',
      tooLarge: '文件超过 5 MB，请压缩后再上传',
      wrongType: '只能上传 JPG、PNG、WebP 图片或 PDF 文件',
      limit: '每个节点最多 {n} 个文件',
      added: '上传佐证材料：{title}',
      removed: '删除佐证材料：{title}',
    },
  },
  en: {
    evidence: {
      column: 'Evidence',
      upload: 'Upload evidence',
      none: 'None',
      image: 'Image',
      pdf: 'PDF',
      size: '{kb} KB',
      remove: 'Delete',
      confirmRemove: 'Delete this evidence file ({name})? The deletion is recorded in the change log.',
      removeTitle: 'Delete evidence',
      tooLarge: 'The file is over 5 MB; make it smaller and upload again',
      wrongType: 'Only JPG, PNG or WebP images and PDF files can be uploaded',
      limit: 'At most {n} files per milestone',
      added: 'Evidence uploaded: {title}',
      removed: 'Evidence deleted: {title}',
    },
  },
};
