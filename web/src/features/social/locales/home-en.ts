import type { homeZhCN } from './home-zh-CN';

/** English texts of the home page: the same keys as home-zh-CN.ts. */
export const homeEn: typeof homeZhCN = {
  home: {
    title: 'Home',
    welcome: 'Welcome to Agora',
    intro:
      'Read notes from real buyers, team up with friends for a group price or ask them to help cut one. The platform holds your money until you have the goods.',
    loginCta: 'Log in',
    registerCta: 'Create an account',
    noProducts: 'No products are listed yet.',
    depositRule: 'Seller deposit rule',
  },
};
