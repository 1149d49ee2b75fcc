import { parseFields } from '../../src/shared/domain/perks/activity-fields';

test('custom sign-up items typed on one line become the contract fields (a trailing * = required)', () => {
  expect(parseFields(' 工号*、尺码 ，备注＊;; ')).toEqual([
    { key: 'f1', label: '工号', required: true },
    { key: 'f2', label: '尺码', required: false },
    { key: 'f3', label: '备注', required: true },
  ]);
  expect(parseFields('')).toEqual([]);
});
