/** The sandbox console's answers (the page itself is templates/sandbox/index.html, sandbox.css, sandbox.js). */
export const sandboxText = {
  unknownPersona: (as: string) => `没有这个人：${as}`,
  cannotSend: (name: string, why: string | undefined) =>
    why === 'group' ? `「${name}」是群：应用只能向群发通知，收不到群里的消息。`
        : `「${name}」还没有绑定企业微信账号，无法以他的身份发消息。`,
  emptyText: '消息不能为空',
  foreignHost: (host: string) => `模拟环境只接受以 IP 地址、localhost 或 PUBLIC_BASE_URL 的域名访问（收到的 Host：${host || '无'}）`,
  noPerson: '请先在左侧选择一个人',
  tooLong: (max: number) => `消息太长：最多 ${max} 个字`,
  badField: (field: string, code: string) => {
    const name: Record<string, string> = { as: '发送人', text: '消息', eventKey: '按钮', taskId: '卡片', cardType: '卡片类型', advanceMs: '拨快的时长', to: '时间', preset: '跳转方式' };
    const what = code === 'invalid_union' ? '请给出 advanceMs、to 或 preset 之一' : code === 'too_big' ? '太长' : code === 'too_small' ? '不能为空' : '缺失或格式不对';
    return `${field ? `${name[field] ?? field}` : '请求'}：${what}`;
  },
  jsonOnly: '请求体须为 JSON（Content-Type: application/json）',
  notJsonObject: '请求体须为一个 JSON 对象',
  tooLarge: (limit: number) => `请求体超过 ${Math.round(limit / 1024)} KB 的上限`,
  notAnImage: '请选择一张 JPG、PNG、GIF 或 WebP 图片',
  missingTap: '点击卡片需要 eventKey、taskId 和 cardType',
  clockBackwards: '时钟只能向前拨',
  badAdvance: 'advanceMs 必须是正数（时钟只能向前拨）',
  badTime: (t: string) => `无法识别的时间：${t}`,
  badMove: '请给出 advanceMs、to 或 preset',
  noMedia: '没有这张图片（模拟环境只保留最近的图片）',
  /** Captions of the raw-request panel: what a platform call was, in a few words. */
  appMessageTo: (names: string[]) => `应用消息 → ${names.join('、')}`,
  cardUpdateFor: (names: string[]) => `更新卡片 → ${names.join('、')}`,
  groupChatMessage: (name: string) => `群聊消息 → ${name}`,
  robotMessage: (name: string) => `群机器人 → ${name}`,
  roomMessage: (name: string) => `微信群（wechaty） → ${name}`,
  roomMember: (name: string, text: string) => `${name}：${text}`,
  roomNoPhoto: '模拟微信群暂不支持发送照片',
  customMessageTo: (name: string) => `公众号客服消息 → ${name}`,
  templateMessageTo: (name: string) => `公众号模板消息 → ${name}`,
  templateTitle: (title: string) => `[模板消息] ${title}`,
  noMenu: '只有公众号里的人才有菜单',
  noBindCode: '只能为尚未绑定的学校联系人生成绑定码',
  buttonsDone: '已处理',
  calls: { gettoken: '获取 access_token', mediaGet: '下载媒体文件', mediaUpload: '上传媒体文件', appchat: '群聊管理' },
  /** The official account's publishing calls (reports). */
  publishing: {
    '/media/uploadimg': '上传图文消息内的图片', '/material/add_material': '上传永久素材（封面）', '/draft/add': '新建草稿',
    '/freepublish/submit': '发布草稿', '/freepublish/get': '查询发布状态', '/freepublish/delete': '删除已发布文章',
  } as Record<string, string>,
};
