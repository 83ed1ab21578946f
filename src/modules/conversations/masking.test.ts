import { describe, expect, it } from 'vitest';
import { MASK, maskContacts } from './masking.js';

const own = ['agora.example'];
const mask = (text: string) => maskContacts(text, own);

describe('maskContacts (issue 18 item 4)', () => {
  it.each([
    ['13812345678', MASK],
    ['打我电话 138 1234 5678 谢谢', `打我电话 ${MASK} 谢谢`],
    ['138-1234-5678', MASK],
    ['138.1234.5678', MASK],
    ['１３８１２３４５６７８', MASK],
    ['１３８－１２３４－５６７８', MASK],
    ['1381234５６７８', MASK],
    ['+86 138 1234 5678', MASK],
    ['一三八一二三四五六七八', MASK],
    ['幺三八 幺二三四 五六七八', MASK],
    ['座机 010-12345678', `座机 ${MASK}`],
    ['电话 (0755) 2345678', `电话 ${MASK}`],
    ['021 1234 5678', MASK],
  ])('phone numbers: %s', (text, expected) => {
    expect(mask(text)).toEqual({ text: expected, masked: true });
  });

  it.each([
    ['加我微信：abc_123456', `加我微信：${MASK}`],
    ['微信 wang-xiao-er', `微信 ${MASK}`],
    ['威信:Hello123', `威信:${MASK}`],
    ['V信 Abcdefg1', `V信 ${MASK}`],
    ['vx:wang_abc12', `vx:${MASK}`],
    ['wx：ｗａｎｇ１２３４', `wx：${MASK}`],
    ['weixin abcdef', `weixin ${MASK}`],
    ['wechat: hello_world', `wechat: ${MASK}`],
    ['微信号：13812345678', `微信号：${MASK}`],
    ['能加我微信吗：abc_123456', `能加我微信吗：${MASK}`],
    ['我的微信号是 wxid_abc123', `我的微信号是 ${MASK}`],
  ])('WeChat ids: %s', (text, expected) => {
    expect(mask(text)).toEqual({ text: expected, masked: true });
  });

  it.each([
    ['QQ 12345678', `QQ ${MASK}`],
    ['qq:98765', `qq:${MASK}`],
    ['我QQ号是 12345678', `我QQ号是 ${MASK}`],
    ['扣扣：987654321', `扣扣：${MASK}`],
    ['企鹅 1234 5678 90', `企鹅 ${MASK}`],
    ['邮箱 123456@qq.com', `邮箱 ${MASK}`],
  ])('QQ numbers and e-mail: %s', (text, expected) => {
    expect(mask(text)).toEqual({ text: expected, masked: true });
  });

  it.each([
    ['看这里 https://evil.example/x?a=1', `看这里 ${MASK}`],
    ['http://1.2.3.4/pay', MASK],
    ['去 www.taobao.com 下单', `去 ${MASK} 下单`],
    ['abc.com/xx 便宜', `${MASK} 便宜`],
    ['xx.cn', MASK],
    ['ＡＢＣ．ＣＯＭ', MASK],
  ])('outside links: %s', (text, expected) => {
    expect(mask(text)).toEqual({ text: expected, masked: true });
  });

  it.each([
    '您好，这件多少钱？',
    '价格 ¥199.00，满 300 减 30',
    '13.80元一斤，买 2 送 1',
    '订单号 20261207000123 还没发货',
    '2026-12-08 14:00 发货',
    '尺码 175/92A，身高 180 cm',
    '我们的链接 https://agora.example/products/1',
    'https://shop.agora.example/x',
    '一二三四五，上山打老虎',
    'QQ 音乐也可以听',
    '微信支付可以吗？',
  ])('leaves ordinary text alone: %s', (text) => {
    expect(mask(text)).toEqual({ text, masked: false });
  });

  it('masks every contact in one message and keeps the rest', () => {
    expect(mask('加我微信：abc_123456 或打 138 1234 5678，QQ 12345678，www.x.cn')).toEqual({
      text: `加我微信：${MASK} 或打 ${MASK}，QQ ${MASK}，${MASK}`,
      masked: true,
    });
  });

  it('keeps characters outside the BMP in place', () => {
    expect(mask('😀 138 1234 5678 😀')).toEqual({ text: `😀 ${MASK} 😀`, masked: true });
  });
});
