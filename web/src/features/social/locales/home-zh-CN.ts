/** zh-CN texts of the home page (spread into the merged zh-CN in app/locales). */
export const homeZhCN = {
  home: {
    title: '首页',
    welcome: '欢迎来到 Agora',
    intro: '看真实买家的笔记，约好友一起拼团、帮忙砍价，钱款由平台担保，确认收货后才付给商家。',
    loginCta: '登录',
    registerCta: '注册新账号',
    noProducts: '还没有上架的商品。',
    depositRule: '商家保证金规则',
  },
};
