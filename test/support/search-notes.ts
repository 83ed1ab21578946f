/**
 * The notes the note search test set runs against: what people really post — Chinese,
 * English and both, hashtags, product tags — with near neighbours (two about face
 * cream, two about coffee) so a query has to rank, not just match. `tags` name the
 * products of test/support/search-products.ts tagged on the note's image; a note is
 * found by those products' titles too. Keys name the notes in test/search-notes.test.ts.
 */
import type { SearchProductKey } from './search-products.js';

export interface SearchNote {
  title: string;
  body: string;
  tags: SearchProductKey[];
}

export const SEARCH_NOTES = {
  creamReview: { title: '面霜回购第三瓶', body: '这款面霜真的很保湿，敏感肌也能用 #护肤', tags: ['faceCream'] },
  oilySkin: { title: '油痘肌的换季心得', body: '别用太厚重的面霜，清爽的乳液更适合油皮，刷酸要慢慢建立耐受 #护肤', tags: [] },
  sunscreen: { title: '夏天通勤防晒分享', body: '每天出门前涂一层，SPF50 不假白不油腻，军训也没晒黑 #防晒 #夏日', tags: ['sunscreen'] },
  commute: { title: '地铁通勤神器', body: '主动降噪效果惊艳，地铁里听播客完全听不到报站声，续航够一周 #数码好物', tags: ['earbuds'] },
  pourOver: { title: '周末手冲时光', body: '耶加雪菲的柑橘香太迷人了，磨豆、闷蒸、注水，一杯慢慢喝 #咖啡', tags: ['coffeeBeans'] },
  latteArt: { title: '第一次拉花成功', body: '练了一个月终于拉出爱心，牛奶要打到绵密，咖啡液要新鲜 #咖啡 #拉花', tags: [] },
  hiking: { title: 'Three days hiking in the Alps', body: 'Rain every afternoon, yet my merino socks kept my feet dry and warm. #hiking', tags: ['woolSocks'] },
  deskSetup: { title: 'My desk setup 2024', body: '青轴的声音太解压了，配上 walnut wrist rest, coding all day. #桌搭 #setup', tags: ['keyboard'] },
  steakNight: { title: 'Steak night at home', body: 'Seared a ribeye, basted with butter for two minutes. 铸铁锅煎出来真的香 #cooking', tags: ['castIron'] },
  hotpot: { title: '重庆老火锅探店', body: '解放碑附近的老店，牛油锅底很香，毛肚七上八下刚刚好 #美食 #重庆', tags: [] },
  kitten: { title: '新手养猫指南', body: '猫砂、猫粮、驱虫和疫苗，一次讲清楚，接猫回家前先备好 #养宠 #猫咪', tags: [] },
  threeBody: { title: '读完《三体》三部曲', body: '黑暗森林那一部最震撼，宇宙社会学的设定让人细思极恐 #读书', tags: [] },
  kyoto: { title: 'Kyoto in autumn', body: 'Red maple leaves at Eikando temple; we arrived at 7am to beat the crowds. 京都红叶季 #travel', tags: [] },
  yoga: { title: '晨练瑜伽第30天', body: '每天早上20分钟拉伸，肩颈不再僵硬，睡眠也好了 #健身 #瑜伽', tags: [] },
  lipstick: { title: '口红试色 正红色', body: '哑光质地，薄涂厚涂都好看，黄皮也能驾驭 #美妆', tags: [] },
  couchTo5k: { title: 'Couch to 5K running plan', body: 'Week one: run one minute, walk ninety seconds, eight rounds. Good shoes help a lot. #fitness', tags: [] },
  sourdough: { title: 'Sourdough bread at home', body: 'Starter fed twice a day, 78% hydration, baked in a dutch oven. #baking', tags: [] },
  nightShots: { title: 'iPhone 15 夜景拍照技巧', body: '关掉闪光灯，用三脚架，夜间模式拉到最长，曝光再降一点 #摄影', tags: [] },
  officePlants: { title: '办公室绿植推荐', body: '绿萝和虎皮兰最好养，一周浇一次水就行，放在窗边散射光的地方 #绿植', tags: [] },
  matcha: { title: '自制抹茶拿铁', body: '抹茶粉过筛，加少量热水搅开，再倒入冰牛奶，比店里的还好喝 #饮品', tags: [] },
} satisfies Record<string, SearchNote>;

export type SearchNoteKey = keyof typeof SEARCH_NOTES;
