import { describe, expect, it } from 'vitest';
import { callerFor, DEFAULT_URGENCY_LIMITS, limitsForUrgency, readWorkOrder, resultOf } from './hotline.ts';
import { hotlineRates } from './indicators.ts';

const ITEM_LIMITS = {
  accept: { unit: 'working_days', amount: 1 },
  handle: { unit: 'working_days', amount: 13 },
  verify: { unit: 'working_days', amount: 1 },
} as const;

describe('12345 work orders', () => {
  it('an emergency is taken within 1 hour and handled within 24; a normal order keeps the item’s handling limit', () => {
    expect(limitsForUrgency(ITEM_LIMITS, 'emergency', DEFAULT_URGENCY_LIMITS)).toEqual({
      accept: { unit: 'hours', amount: 1 },
      handle: { unit: 'hours', amount: 24 },
      verify: ITEM_LIMITS.verify,
    });
    expect(limitsForUrgency(ITEM_LIMITS, 'utilities', DEFAULT_URGENCY_LIMITS).accept).toEqual({
      unit: 'hours',
      amount: 2,
    });
    expect(limitsForUrgency(ITEM_LIMITS, 'normal', DEFAULT_URGENCY_LIMITS)).toEqual({
      accept: { unit: 'hours', amount: 24 },
      handle: ITEM_LIMITS.handle,
      verify: ITEM_LIMITS.verify,
    });
  });

  it('names every problem of an order at once, and an address alone cannot place it', () => {
    const read = readWorkOrder({ orderNo: ' ', requestType: '闲聊', urgency: '紧急', address: '某路1号' });
    expect(read).toEqual({
      ok: false,
      problems: [
        { field: 'orderNo', reason: 'missing' },
        { field: 'requestType', reason: 'invalid' },
        { field: 'content', reason: 'missing' },
        { field: 'location', reason: 'missing' },
      ],
    });
  });

  it('the result follows the rating that stands; a withdrawn case was returned', () => {
    expect(resultOf({ state: 'closed', rating: null })).toBe('resolved');
    expect(resultOf({ state: 'closed', rating: 'basically_satisfied' })).toBe('partly_resolved');
    expect(resultOf({ state: 'closed', rating: 'dissatisfied' })).toBe('unresolved');
    expect(resultOf({ state: 'cancelled', rating: null })).toBe('returned');
    expect(resultOf({ state: 'accepted', rating: null })).toBeNull();
  });

  it('the caller is whole for dispatchers and the lead unit, masked for a leader', () => {
    const caller = { name: '张三丰', phone: '13812345678' };
    const lead = { kind: 'street_office', code: 'S1-LAW', areaPath: 'D/S1' } as const;
    expect(callerFor({ roles: ['street_dispatcher'], departmentCode: null }, null, caller).masked).toBe(
      false,
    );
    expect(callerFor({ roles: ['department_officer'], departmentCode: 'S1-LAW' }, lead, caller).masked).toBe(
      false,
    );
    expect(callerFor({ roles: ['leader'], departmentCode: null }, lead, caller)).toEqual({
      name: '张**',
      phone: '138****5678',
      masked: true,
    });
  });
});

describe('the hotline’s three rates', () => {
  it('响应率 = responded ÷ orders; 解决率 = (resolved + ½ partly) ÷ finished; 满意率 = satisfied ÷ rated', () => {
    expect(
      hotlineRates({
        orders: 10,
        responded: 8,
        finished: 4,
        resolved: 2,
        partlyResolved: 2,
        rated: 4,
        satisfied: 3,
      }),
    ).toEqual({ responseRate: 0.8, resolutionRate: 0.75, satisfactionRate: 0.75 });
  });

  it('a rate over nothing is null, not zero', () => {
    expect(
      hotlineRates({
        orders: 0,
        responded: 0,
        finished: 0,
        resolved: 0,
        partlyResolved: 0,
        rated: 0,
        satisfied: 0,
      }),
    ).toEqual({ responseRate: null, resolutionRate: null, satisfactionRate: null });
  });
});
