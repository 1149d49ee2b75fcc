import { actionRegistry } from '../../cloudfunctions/core/actions';
import { functions } from '../../cloudfunctions/gateway/functions';
import { contracts, functionOf } from '@shared/contracts';

/**
 * Each cloud function entry passes only its own area's action list (so its bundle holds only that area); together
 * they must still host every action the authorization matrix walks, each in the function its name says.
 */
describe('function entries host every action', () => {
  test('every contract has an implemented action', () => {
    expect(Object.keys(contracts).filter((name) => !actionRegistry.has(name))).toEqual([]);
  });

  test.each(Object.keys(functions))('%s answers each of its actions (input is checked before anything else)', async (fn) => {
    const names = [...actionRegistry.keys()].filter((name) => functionOf(name) === fn);
    expect(names.length).toBeGreaterThan(0);
    for (const action of names) {
      // a non-object input fails validation before the database is touched; an unhosted action says UNKNOWN_ACTION
      const res = (await functions[fn]({ action, input: 'not an object' }, { local: true })) as {
        ok: boolean;
        error?: { code: string };
      };
      expect({ action, code: res.error?.code }).toEqual({ action, code: 'INVALID_INPUT' });
    }
  });
});
