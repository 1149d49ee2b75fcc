/**
 * The shape WeChat requires of dist/weapp once the areas are subpackages: the tab pages in the main
 * package, each area's pages in its own subpackage, every page's files present, and no code required
 * across packages (a subpackage may use the main package, never another subpackage; the main package
 * uses no subpackage) — node would load such a require, the phone would not.
 */
import fs from 'fs';
import path from 'path';
import { WEAPP_DIR, allRoutes, canRunWeapp, readAppJson, type AppJson } from './support/miniprogram';

const suite = canRunWeapp() ? describe : describe.skip;

const AREAS = ['membership', 'aid', 'congress', 'booking', 'unions', 'perks', 'federation'];

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

suite('dist/weapp packages', () => {
  const app: AppJson = canRunWeapp() ? readAppJson() : { pages: [] };
  const roots = (app.subPackages ?? []).map((p) => p.root.replace(/\/?$/, '/'));
  /** The package a build file belongs to: a subpackage root, or '' for the main package. */
  const packageOf = (file: string) =>
    roots.find((r) => path.relative(WEAPP_DIR, file).split(path.sep).join('/').startsWith(r)) ?? '';

  it('the main package holds the tab pages and no area page; each area is one subpackage', () => {
    for (const tab of app.tabBar?.list ?? []) expect(app.pages).toContain(tab.pagePath);
    expect(app.pages.filter((p) => AREAS.some((a) => p.startsWith(`pages/${a}/`)))).toEqual([]);
    expect(roots).toEqual(AREAS.map((a) => `pages/${a}/`));
  });

  it('every page has its script, template and config, and preloading names real subpackages', () => {
    for (const route of allRoutes(app)) {
      const missing = ['.js', '.wxml', '.json'].filter((ext) => !fs.existsSync(path.join(WEAPP_DIR, `${route}${ext}`)));
      expect({ route, missing }).toEqual({ route, missing: [] });
    }
    const names = new Set((app.subPackages ?? []).flatMap((p) => [p.root, p.name]));
    for (const [page, rule] of Object.entries(app.preloadRule ?? {})) {
      expect(app.pages).toContain(page);
      for (const p of rule.packages) expect(names).toContain(p);
    }
  });

  it('no script requires code from another package than its own or the main one', () => {
    const crossings: string[] = [];
    for (const file of filesUnder(WEAPP_DIR).filter((f) => f.endsWith('.js'))) {
      const source = fs.readFileSync(file, 'utf8');
      for (const m of source.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
        const target = path.resolve(path.dirname(file), m[1]);
        const from = packageOf(file);
        const to = packageOf(target);
        if (to !== '' && to !== from) crossings.push(`${path.relative(WEAPP_DIR, file)} → ${m[1]}`);
        if (!fs.existsSync(target) && !fs.existsSync(`${target}.js`))
          crossings.push(`${path.relative(WEAPP_DIR, file)} → ${m[1]} (missing)`);
      }
    }
    expect(crossings).toEqual([]);
  });
});
