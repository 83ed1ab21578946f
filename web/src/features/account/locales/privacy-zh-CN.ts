/** zh-CN texts of the privacy centre: consents, access log and export (spread into zh-CN.ts as `privacyCentre`). */
export const privacyZhCN = {
  purposes: {
    personalised_feed: '个性化推荐',
    marketing: '接收营销信息',
    share_with_operator_marketing: '买过的店铺可经平台向我发送营销短信',
    sensitive_identity: '处理敏感个人信息（身份证号、真实姓名）',
  },
  version: '文本版本 {{version}}',
  answeredOlder: '你同意的是旧版本（{{version}}），请阅读新版本后重新开启。',
  sensitive: {
    title: '敏感个人信息单独同意',
    hint: '实名认证前需要单独同意。',
    agree: '我已阅读并单独同意上述说明',
    required: '请先勾选同意处理敏感个人信息。',
  },
  accessLog: {
    title: '谁查看过我的个人信息',
    intro: '除你本人外，任何人查看你的个人信息都会记录在这里：谁（角色和店铺）、何时、哪些信息、为什么。',
    empty: '还没有人查看过你的个人信息。',
    more: '加载更多',
    roles: {
      operator: '商家',
      admin: '平台工作人员',
      service_provider: '服务商',
      regulator: '监管部门',
      user: '用户',
    },
    fields: {
      phone: '手机号',
      real_name: '真实姓名',
      id_number: '身份证号',
      address: '收货地址',
      operator_contact: '店铺联系方式',
      operator_address: '店铺地址',
      operator_legal_rep: '法定代表人',
      provider_contact: '服务商联系方式',
      provider_address: '服务商地址',
    },
    why: '原因：{{reason}}',
    /** Why the data was read (the reason codes of GET /me/access-log). */
    reasons: {
      ship_order: '为给你的订单发货，查看收货地址',
      masked_order_view: '查看{{status}}订单的收货地址（已打码，看不到完整地址）',
      operator_review: '审核你的开店申请',
      provider_review: '审核你的服务商入驻申请',
      staff_request: '平台工作人员说明：{{note}}',
    },
    orderLink: '查看订单',
    otherField: '其他个人信息',
  },
  export: {
    title: '导出我的数据',
    intro: '下载 Agora 保存的关于你的全部数据：账户、个人信息、授权记录、订单、钱包流水、笔记、评论、点赞、收藏、关注、拼团、砍价、纠纷和查看记录。',
    json: '下载 JSON',
    zip: '下载 ZIP（含我上传的图片）',
  },
};
