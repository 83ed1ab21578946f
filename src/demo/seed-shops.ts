/**
 * Demo shops: two enterprises and one individual, approved, with 20 products
 * across the categories, some with group-buy or bargain terms and add-ons.
 */
import type { AppContext } from '../context.js';
import type { ProductInput } from '../modules/catalog/index.js';
import { demoProductImage } from './seed-images.js';

interface DemoProduct {
  title: string;
  description: string;
  category: string;
  hue: number;
  skus: ProductInput['skus'];
  addOns?: ProductInput['addOns'];
}

const GLOW: DemoProduct[] = [
  { title: '玻尿酸补水面膜 10 片装', description: '深层补水，敏感肌可用。Hyaluronic sheet masks, 10 pcs.', category: 'beauty', hue: 200, skus: [{ name: '10 片', price: 12900, stock: 200, groupPrice: 9900, groupSize: 2 }, { name: '30 片', price: 32900, stock: 80 }] },
  { title: '氨基酸洁面乳 120g', description: '温和清洁不紧绷。Amino-acid cleanser.', category: 'beauty', hue: 170, skus: [{ name: '120g', price: 6900, stock: 150, bargainFloor: 3900, maxHelpers: 10 }] },
  { title: '山茶花手工皂', description: '冷制工艺，无香精添加。', category: 'beauty', hue: 330, skus: [{ name: '单块', price: 3900, stock: 120, groupPrice: 2900, groupSize: 3 }, { name: '三块装', price: 9900, stock: 40 }], addOns: [{ title: '礼盒包装', price: 800 }] },
  { title: '纯棉圆领 T 恤', description: '新疆长绒棉，夏季必备。100% cotton tee.', category: 'apparel', hue: 20, skus: [{ name: 'M 白色', price: 7900, stock: 60 }, { name: 'L 白色', price: 7900, stock: 60 }, { name: 'L 黑色', price: 7900, stock: 45, groupPrice: 5900, groupSize: 2 }] },
  { title: '轻量防晒衣', description: 'UPF50+，可收纳。Packable sun jacket.', category: 'apparel', hue: 190, skus: [{ name: '均码', price: 15900, stock: 70, bargainFloor: 9900, maxHelpers: 8 }] },
  { title: '帆布托特包', description: '大容量通勤包。Canvas tote.', category: 'apparel', hue: 40, skus: [{ name: '米白', price: 8900, stock: 50 }], addOns: [{ title: '刺绣名字', price: 1500 }] },
  { title: '香薰蜡烛 · 白茶', description: '大豆蜡，燃烧约 40 小时。', category: 'home', hue: 90, skus: [{ name: '200g', price: 9900, stock: 90, groupPrice: 6900, groupSize: 2 }] },
];

const BYTES: DemoProduct[] = [
  { title: '降噪蓝牙耳机', description: '主动降噪，续航 30 小时。ANC wireless earbuds.', category: 'electronics', hue: 230, skus: [{ name: '黑色', price: 39900, stock: 100, groupPrice: 34900, groupSize: 2 }, { name: '白色', price: 39900, stock: 100 }], addOns: [{ title: '硅胶保护套', price: 2900 }] },
  { title: '65W 氮化镓充电器', description: '三口快充，体积小巧。GaN charger.', category: 'electronics', hue: 260, skus: [{ name: '标准版', price: 14900, stock: 200, bargainFloor: 9900, maxHelpers: 10 }] },
  { title: '机械键盘 87 键', description: '热插拔，茶轴。Mechanical keyboard, 87 keys.', category: 'electronics', hue: 0, skus: [{ name: '茶轴', price: 29900, stock: 40 }, { name: '红轴', price: 29900, stock: 40 }] },
  { title: '便携咖啡机', description: '户外露营随手一杯意式浓缩。', category: 'electronics', hue: 30, skus: [{ name: '标准版', price: 45900, stock: 25, groupPrice: 39900, groupSize: 3 }] },
  { title: '定制刻字保温杯', description: '激光刻字，下单后 3 天发货（定制商品不适用 7 天无理由退货）。', category: 'custom', hue: 120, skus: [{ name: '500ml', price: 12900, stock: 300 }] },
  { title: '数码摄影入门课（电子版）', description: '在线观看，购买后即可下载课件。', category: 'digital', hue: 280, skus: [{ name: '永久有效', price: 9900, stock: 9999 }] },
  { title: '桌面收纳盒三件套', description: '可叠放，ABS 材质。', category: 'home', hue: 150, skus: [{ name: '三件套', price: 5900, stock: 150, groupPrice: 3900, groupSize: 2 }] },
];

const CRAFT: DemoProduct[] = [
  { title: '手作陶瓷马克杯', description: '每只釉色略有不同，独一无二。Handmade ceramic mug.', category: 'home', hue: 15, skus: [{ name: '350ml', price: 6800, stock: 20, groupPrice: 5800, groupSize: 2 }] },
  { title: '手织羊毛围巾', description: '纯羊毛，手工编织约需 2 天。', category: 'apparel', hue: 350, skus: [{ name: '燕麦色', price: 16800, stock: 8 }, { name: '雾蓝色', price: 16800, stock: 6 }] },
  { title: '云南高山红茶 100g', description: '古树晒红，口感蜜甜。', category: 'general', hue: 10, skus: [{ name: '100g', price: 8800, stock: 60, bargainFloor: 5800, maxHelpers: 10 }] },
  { title: '当季丹东草莓 2 斤', description: '产地直发，生鲜商品不适用 7 天无理由退货。', category: 'fresh', hue: 355, skus: [{ name: '2 斤装', price: 12800, stock: 30 }] },
  { title: '手绘明信片套装', description: '12 张城市插画。', category: 'general', hue: 60, skus: [{ name: '12 张', price: 3900, stock: 100, groupPrice: 2900, groupSize: 2 }] },
  { title: '《城市漫步》季刊 冬季号', description: '独立杂志，报刊类不适用 7 天无理由退货。', category: 'periodicals', hue: 210, skus: [{ name: '冬季号', price: 4500, stock: 200 }] },
];

export interface DemoShopOwner {
  userId: string;
  realName?: string;
  idNumber?: string;
}

export async function seedShops(
  ctx: AppContext,
  adminId: string,
  owners: { glow: DemoShopOwner; bytes: DemoShopOwner; craft: Required<DemoShopOwner> },
): Promise<{ shops: { id: string; shopName: string }[]; products: number }> {
  const address = { region: '上海市 徐汇区', line: '漕溪北路 88 号' };
  const glow = await ctx.operators.register(owners.glow.userId, {
    kind: 'enterprise',
    shopName: '悦颜美妆旗舰店',
    contact: { phone: '13800000101', email: 'service@yueyan.example' },
    address,
    enterprise: { companyName: '福州悦颜化妆品有限公司', creditCode: '91350100M000100Y43', legalRepresentative: '林悦' },
  });
  const bytes = await ctx.operators.register(owners.bytes.userId, {
    kind: 'enterprise',
    shopName: '比特数码官方店',
    contact: { phone: '13800000102', email: 'hello@bytes.example' },
    address: { region: '广东省 深圳市 南山区', line: '科技园南路 18 号' },
    enterprise: { companyName: '深圳比特数码科技有限公司', creditCode: '9144030071526726XG', legalRepresentative: '陈科' },
  });
  const craft = await ctx.operators.register(owners.craft.userId, {
    kind: 'individual',
    shopName: '小李的手作铺',
    contact: { phone: '13800000103' },
    address: { region: '云南省 大理市', line: '人民路 66 号' },
    individual: { realName: owners.craft.realName, idNumber: owners.craft.idNumber },
  });
  let products = 0;
  for (const [shop, ownerId, list] of [
    [glow, owners.glow.userId, GLOW],
    [bytes, owners.bytes.userId, BYTES],
    [craft, owners.craft.userId, CRAFT],
  ] as const) {
    await ctx.operators.approve(adminId, shop.id);
    for (const [i, item] of list.entries()) {
      const images = [];
      for (let variant = 0; variant < 2; variant++) images.push((await ctx.media.upload(ownerId, await demoProductImage(item.hue, i + variant))).url);
      await ctx.catalog.createProduct(ownerId, shop.id, { title: item.title, description: item.description, category: item.category, images, skus: item.skus, addOns: item.addOns });
      products++;
    }
  }
  return { shops: [glow, bytes, craft].map((s) => ({ id: s.id, shopName: s.shopName })), products };
}
