import fs from 'node:fs';
import path from 'node:path';
import { contracts, functionOf } from '@shared/contracts';
import { actionRegistry } from '../../cloudfunctions/core/actions';
import { functions } from '../../cloudfunctions/gateway/functions';

/**
 * Every contract in src/shared/contracts has a handler in the server's action registry (cloudfunctions/core/actions.ts),
 * every handler has a contract, and every action's cloud function exists (locally and in cloudbaserc.json).
 */
const contractNames = Object.keys(contracts).sort();
const handlerNames = [...actionRegistry.keys()].sort();

/** The names of `want` missing from `have`, as one readable line per name (empty when none is missing). */
const missing = (want: string[], have: string[], what: string) =>
  want.filter((n) => !have.includes(n)).map((n) => `${n}: ${what}`);

test('every contract has a handler', () => {
  expect(
    missing(
      contractNames,
      handlerNames,
      'contract in src/shared/contracts but no handler in cloudfunctions/core/<area>/actions.ts',
    ),
  ).toEqual([]);
});

test('every handler has a contract', () => {
  expect(missing(handlerNames, contractNames, 'handler in the action registry but no contract in src/shared/contracts')).toEqual(
    [],
  );
});

test("every action's cloud function is served locally and deployed", () => {
  const deployed = (
    JSON.parse(fs.readFileSync(path.join(__dirname, '../../cloudbaserc.json'), 'utf8')) as { functions: { name: string }[] }
  ).functions.map((f) => f.name);
  const hosts = [...new Set(contractNames.map(functionOf))].sort();
  expect([
    ...missing(hosts, Object.keys(functions), 'function named by actions but missing from cloudfunctions/gateway/functions.ts'),
    ...missing(hosts, deployed, 'function named by actions but missing from cloudbaserc.json'),
  ]).toEqual([]);
});

test('the check itself names what is missing', () => {
  expect(missing(['aid.a', 'aid.b'], ['aid.a'], 'no handler')).toEqual(['aid.b: no handler']);
});

test("every area's action table is a routing table: it imports no SQL, schema or database client", () => {
  const core = path.join(__dirname, '../../cloudfunctions/core');
  const tables = fs
    .readdirSync(core, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      fs
        .readdirSync(path.join(core, d.name))
        .filter((f) => f === 'actions.ts' || f.endsWith('-actions.ts'))
        .map((f) => `${d.name}/${f}`),
    );
  expect(tables.length).toBeGreaterThanOrEqual(8);
  const offenders = tables.filter((t) =>
    /from '(drizzle-orm|\.\.\/db\/client|\.\.\/db\/schema)'|\bsql`/.test(fs.readFileSync(path.join(core, t), 'utf8')),
  );
  expect(offenders).toEqual([]);
});
