import { describe, expect, it } from 'vitest';
import { cityLevel, maskAddress, maskName } from './shipping.js';

describe('masked shipping addresses (D3)', () => {
  it('names keep the family name only', () => {
    expect([maskName('张三'), maskName('王收货'), maskName('欧阳娜娜'), maskName('李'), maskName(' 赵四 ')]).toEqual(['张*', '王**', '欧阳**', '*', '赵*']);
  });

  it('regions stop at the city', () => {
    expect(cityLevel('浙江省 杭州市 西湖区')).toBe('浙江省 杭州市');
    expect(cityLevel('北京市 朝阳区')).toBe('北京市');
    expect(cityLevel('广西壮族自治区 南宁市 青秀区')).toBe('广西壮族自治区 南宁市');
    expect(cityLevel('上海市')).toBe('上海市');
  });

  it('the street line goes, the phone shows 7 of 11 digits', () => {
    expect(maskAddress({ recipient: '王收货', phone: '13912345678', region: '北京市 朝阳区', line: '建国路 1 号 2 单元 301' })).toEqual({
      recipient: '王**',
      phone: '139****5678',
      region: '北京市',
      line: '',
    });
  });
});
