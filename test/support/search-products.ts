/**
 * The catalog the search test set runs against: realistic titles in Chinese, English
 * and both, spread over categories and two shops, with near neighbours (several
 * earphones, several coffees, several socks) so a query has to rank, not just match.
 * Keys name the products in the query table of test/search.test.ts.
 */
export interface SearchProduct {
  title: string;
  description: string;
  category: string;
}

export const SEARCH_PRODUCTS = {
  earbuds: { title: '无线蓝牙耳机 降噪', description: '主动降噪，续航 30 小时，支持快充。', category: 'electronics' },
  headphones: { title: '头戴式耳机 高保真', description: '大尺寸动圈单元，有线连接，适合录音监听。', category: 'electronics' },
  speaker: { title: '便携蓝牙音箱 防水', description: 'IPX7 防水，户外露营好伙伴。', category: 'electronics' },
  iphoneCase: { title: 'iPhone 15 手机壳 透明防摔', description: '四角气囊，不发黄。', category: 'electronics' },
  charger: { title: '65W 氮化镓充电器', description: '一个充电头同时给笔记本和手机快充。', category: 'electronics' },
  keyboard: { title: 'Mechanical keyboard 机械键盘 青轴', description: 'Hot-swappable switches, RGB backlight.', category: 'electronics' },
  mouse: { title: 'Wireless ergonomic mouse', description: 'Vertical grip that eases wrist strain. 2.4G and Bluetooth.', category: 'electronics' },
  powerBank: { title: '充电宝 20000毫安 超薄', description: '双向快充，可带上飞机。', category: 'electronics' },
  faceCream: { title: '保湿面霜 敏感肌', description: '无香精无酒精，修护屏障。', category: 'beauty' },
  sunscreen: { title: '防晒霜 SPF50+ 清爽不油腻', description: '户外运动防水防汗。', category: 'beauty' },
  lipstick: { title: '哑光口红 正红色', description: '持久不掉色，不拔干。', category: 'beauty' },
  shampoo: { title: 'Argan oil shampoo', description: 'Sulfate-free shampoo for dry and damaged hair.', category: 'beauty' },
  toner: { title: '玻尿酸补水爽肤水', description: '深层补水，敏感肌可用。', category: 'beauty' },
  coffeeBeans: { title: '手冲咖啡豆 埃塞俄比亚 耶加雪菲', description: '浅烘焙，柑橘与茉莉花香。', category: 'fresh' },
  coldBrew: { title: '冷萃咖啡 挂耳 10 包', description: '冷水冲泡 8 小时。', category: 'fresh' },
  espresso: { title: 'Italian espresso beans dark roast', description: 'Chocolate and caramel notes, for espresso machines.', category: 'fresh' },
  greenTea: { title: '西湖龙井 明前绿茶 250g', description: '今年春茶，豆香浓郁。', category: 'fresh' },
  oolong: { title: '安溪铁观音 乌龙茶', description: '兰花香，回甘明显。', category: 'fresh' },
  mangoes: { title: '海南贵妃芒 新鲜水果 5斤', description: '产地直发，坏果包赔。', category: 'fresh' },
  beef: { title: '澳洲谷饲牛排 原切', description: '冷链配送，厚切 2cm。', category: 'fresh' },
  woolSocks: { title: 'Merino wool socks', description: 'Warm hiking socks that do not itch.', category: 'apparel' },
  cottonSocks: { title: '纯棉袜子 男士 5 双装', description: '吸汗透气，不起球。', category: 'apparel' },
  runningShoes: { title: '轻量跑步鞋 男女同款', description: '缓震回弹，透气网面。', category: 'apparel' },
  downJacket: { title: '白鹅绒羽绒服 长款', description: '充绒量 300g，零下 20 度可穿。', category: 'apparel' },
  tshirt: { title: 'Organic cotton T-shirt 纯棉T恤', description: 'Relaxed fit, pre-shrunk.', category: 'apparel' },
  backpack: { title: '双肩包 大容量 通勤电脑包', description: '可放 16 寸笔记本，防泼水。', category: 'apparel' },
  raincoat: { title: 'Waterproof rain jacket', description: 'Packable shell with taped seams.', category: 'apparel' },
  pillow: { title: '记忆棉枕头 护颈', description: '慢回弹，适合侧睡。', category: 'home' },
  duvet: { title: '蚕丝被 春秋被', description: '100% 桑蚕丝填充。', category: 'home' },
  mug: { title: 'Ceramic coffee mug 陶瓷马克杯', description: 'Dishwasher safe, 350 ml.', category: 'home' },
  kettle: { title: '电热水壶 不锈钢 1.7L', description: '304 不锈钢内胆，自动断电。', category: 'home' },
  castIron: { title: 'Cast iron skillet', description: 'Pre-seasoned 26 cm pan for stovetop and oven.', category: 'home' },
  candle: { title: 'Scented soy candle lavender', description: 'Hand-poured, 40 hour burn.', category: 'home' },
  storage: { title: '收纳箱 可折叠 带盖', description: '衣柜整理，宿舍必备。', category: 'home' },
  novel: { title: '三体 全集 刘慈欣', description: '科幻小说，雨果奖作品。', category: 'general' },
  legoSet: { title: 'LEGO Technic sports car', description: 'Building set for ages 18+.', category: 'general' },
  yogaMat: { title: '瑜伽垫 加厚 防滑', description: 'TPE 材质，初学者适用。', category: 'general' },
  dogFood: { title: '全价狗粮 成犬 10kg', description: '鸡肉配方，无谷。', category: 'general' },
  ebook: { title: 'TypeScript 编程 电子书', description: 'PDF 与 EPUB 两种格式，下载即用。', category: 'digital' },
  magazine: { title: '国家地理 杂志 年度订阅', description: '每月寄送一期。', category: 'periodicals' },
} satisfies Record<string, SearchProduct>;

export type SearchProductKey = keyof typeof SEARCH_PRODUCTS;
