/**
 * Words the feed benchmark's data is drawn from: products as Chinese/English pairs
 * (with the category each belongs to), so titles, bodies and hashtags share words and
 * the search queries below have something to find in both languages.
 */

/** [Chinese name, English name, category id] */
export const PRODUCT_KINDS: [string, string, string][] = [
  ['降噪耳机', 'noise cancelling headphones', 'electronics'],
  ['蓝牙音箱', 'bluetooth speaker', 'electronics'],
  ['机械键盘', 'mechanical keyboard', 'electronics'],
  ['无线鼠标', 'wireless mouse', 'electronics'],
  ['充电宝', 'power bank', 'electronics'],
  ['智能手表', 'smart watch', 'electronics'],
  ['空气炸锅', 'air fryer', 'electronics'],
  ['咖啡机', 'coffee machine', 'electronics'],
  ['保湿面霜', 'moisturizing face cream', 'beauty'],
  ['防晒霜', 'sunscreen lotion', 'beauty'],
  ['口红', 'lipstick', 'beauty'],
  ['洗面奶', 'facial cleanser', 'beauty'],
  ['精华液', 'serum essence', 'beauty'],
  ['香水', 'perfume', 'beauty'],
  ['连衣裙', 'summer dress', 'apparel'],
  ['运动鞋', 'running shoes', 'apparel'],
  ['羊毛大衣', 'wool coat', 'apparel'],
  ['双肩包', 'backpack', 'apparel'],
  ['牛仔裤', 'denim jeans', 'apparel'],
  ['帆布鞋', 'canvas sneakers', 'apparel'],
  ['保温杯', 'thermos bottle', 'home'],
  ['香薰蜡烛', 'scented candle', 'home'],
  ['四件套', 'bedding set', 'home'],
  ['收纳盒', 'storage box', 'home'],
  ['台灯', 'desk lamp', 'home'],
  ['陶瓷餐具', 'ceramic tableware', 'home'],
  ['乌龙茶', 'oolong tea', 'fresh'],
  ['车厘子', 'cherries', 'fresh'],
  ['坚果礼盒', 'mixed nuts gift box', 'fresh'],
  ['手冲咖啡豆', 'pour over coffee beans', 'fresh'],
  ['定制手机壳', 'custom phone case', 'custom'],
  ['电子书会员', 'ebook membership', 'digital'],
  ['时尚杂志', 'fashion magazine', 'periodicals'],
  ['瑜伽垫', 'yoga mat', 'general'],
  ['露营帐篷', 'camping tent', 'general'],
  ['儿童绘本', 'picture book', 'general'],
];

export const BRANDS = ['小林', '山野', '木子', '青柠', '北屿', 'Aurora', 'Nordic', 'Kumo', 'Lumen', 'Maple', '星河', '初见'];
export const ADJECTIVES_ZH = ['轻薄', '便携', '高颜值', '平价', '复古', '简约', '大容量', '静音', '持久', '温和', '百搭', '网红'];
export const ADJECTIVES_EN = ['lightweight', 'portable', 'classic', 'minimal', 'vintage', 'compact', 'premium', 'quiet', 'gentle', 'everyday'];
export const SHOP_WORDS = ['旗舰店', '官方店', '生活馆', '优选', '工作室', '小铺'];

/** Phrases a note body is made of (each mentions nothing in particular; the product is put in separately). */
export const NOTE_PHRASES = [
  '用了一个月，真心推荐给大家',
  '性价比很高，回购第三次了',
  '颜值在线，拍照超级出片',
  '包装很用心，物流也快',
  '朋友种草给我的，果然没让我失望',
  '有点小贵，但是质量对得起价格',
  '通勤路上每天都在用',
  '学生党也能轻松入手',
  'Honestly the best purchase this year',
  'Works great for daily use',
  'Bought it on sale and no regrets',
  'Quality is better than expected',
  'Perfect gift for friends and family',
  '细节做工满分，客服回复也很及时',
  '唯一的缺点是颜色有点少',
  '周末露营带上它，氛围感拉满',
];

export const NOTE_OPENERS = ['好物分享', '真实测评', '开箱', '种草', '拔草', '一周体验', 'Review', 'Haul', '必买清单', '避坑指南'];

export const HASHTAGS = [
  '好物分享', '开箱', '真实测评', '平价好物', '学生党', '通勤', '露营', '护肤', '穿搭', '数码', '居家', '咖啡', '旅行', '健身',
  '送礼', '宝藏店铺', '618', '双十一', 'OOTD', 'skincare', 'unboxing', 'coffee', 'travel', 'fitness', 'homedecor', 'tech',
];

export const DISPLAY_NAMES = ['小鱼', '阿杰', '团子', '大橘', '柚子', '晴天', '木木', 'Coco', 'Leo', 'Mia', 'Ken', '一只猫', '路人甲', '星星', '豆豆', '七七'];

/** What the benchmark searches for: Chinese, English, mixed, and a one-character typo of each kind. */
export const SEARCH_QUERIES = [
  '降噪耳机',
  '保湿面霜',
  '咖啡',
  '运动鞋',
  '露营帐篷',
  'bluetooth speaker',
  'air fryer',
  'sunscreen',
  'keyboard',
  'coffee beans',
  'Nordic 台灯',
  '小林 防晒',
  '降噪耳麦',
  'headphnes',
  'mechanicl keyboard',
  '羊毛大衣 wool',
];
