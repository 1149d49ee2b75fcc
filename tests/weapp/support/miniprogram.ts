/**
 * Runs the BUILT mini-program (`dist/weapp`) in jsdom the way WeChat does: app.js and a page's JS are
 * evaluated with a `wx` stand-in, the page's lifecycle is driven (onLoad → onShow → onReady) and every
 * `setData` Taro sends is applied to the page's data; the page's WXML, compiled by WeChat's own WXML
 * compiler (miniprogram-compiler), is rendered by miniprogram-simulate as a wrapper component fed with
 * that data. Warnings the compiled WXML prints (e.g. "Template `tmpl_0_i` not found") are collected.
 */
import fs from 'fs';
import path from 'path';
import type { WxStandIn } from './wx';

export const WEAPP_DIR = path.resolve(__dirname, '..', '..', '..', 'dist', 'weapp');

export const hasWeappBuild = (): boolean =>
  fs.existsSync(path.join(WEAPP_DIR, 'app.json')) && fs.existsSync(path.join(WEAPP_DIR, 'app.js'));

/**
 * Whether the weapp suites can run here; they skip otherwise. CI builds weapp before `npm test` and sets
 * PU_REQUIRE_E2E=1, where a missing build is a failure, not a skip (the convention of tests/e2e/support.ts).
 */
export const canRunWeapp = (): boolean => {
  const ready = hasWeappBuild();
  if (!ready && process.env.PU_REQUIRE_E2E === '1')
    throw new Error('PU_REQUIRE_E2E=1 but dist/weapp is not built (npm run build:weapp)');
  return ready;
};

export interface AppJson {
  pages: string[];
  subPackages?: { root: string; name?: string; pages: string[] }[];
  preloadRule?: Record<string, { network?: string; packages: string[] }>;
  tabBar?: { list: { pagePath: string; text: string }[] };
}

export const readAppJson = (): AppJson => JSON.parse(fs.readFileSync(path.join(WEAPP_DIR, 'app.json'), 'utf8'));

/** Every page route of the build, main package and subpackages. */
export function allRoutes(app: AppJson = readAppJson()): string[] {
  return [...app.pages, ...(app.subPackages ?? []).flatMap((p) => p.pages.map((page) => `${p.root.replace(/\/$/, '')}/${page}`))];
}

type Data = Record<string, unknown>;

/** What miniprogram-simulate's render returns, as far as we use it. */
interface Rendered {
  dom: HTMLElement;
  attach(parent: Element): void;
  detach(): void;
  setData(data: Data): void;
  querySelector(selector: string): { dispatchEvent(name: string, options?: unknown): void } | undefined;
  querySelectorAll(selector: string): { dispatchEvent(name: string, options?: unknown): void }[];
}

interface PageInstance {
  route: string;
  __route__: string;
  options: Record<string, string>;
  data: Data;
  setData(patch: Data, cb?: () => void): void;
  [key: string]: unknown;
}

export interface RenderedPage {
  route: string;
  /** The page's visible text: its text pieces in order, one space between. */
  text(): string;
  /** The rendered element tree (wx-view, wx-text …) for finer questions. */
  dom: HTMLElement;
  /** WXML runtime warnings printed while rendering (missing templates, includes, imports). */
  warnings: string[];
  /** Templates the page asked for and the build does not have. */
  missingTemplates: string[];
  /** console.error calls while the page loaded and ran (React and Taro report failures there). */
  errors: string[];
  /** Taps the first element matching `selector` (Taro's own event path: `eh` → the React handler). */
  tap(selector: string): Promise<void>;
  /** Types `value` into the `nth` (0-based) input matching `selector` (its `input` event, as the keyboard sends it). */
  type(selector: string, value: string, nth?: number): Promise<void>;
  /** What the page answers WeChat when a share button (`open-type="share"`, its data-* as `dataset`) is tapped. */
  share(dataset?: Record<string, string>): Record<string, unknown> | undefined;
  unload(): void;
}

/** `a.b.[0].c` / `a.b[0].c` → ['a', 'b', 0, 'c'] (the paths Taro gives setData). */
export function dataPath(key: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const m of key.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) parts.push(m[1] !== undefined ? Number(m[1]) : m[2]);
  return parts;
}

export function applySetData(data: Data, patch: Data): void {
  for (const [key, value] of Object.entries(patch)) {
    const parts = dataPath(key);
    let target: Record<string | number, unknown> = data;
    parts.slice(0, -1).forEach((part, i) => {
      const next = target[part];
      if (next === null || typeof next !== 'object') target[part] = typeof parts[i + 1] === 'number' ? [] : {};
      target = target[part] as Record<string | number, unknown>;
    });
    // setData copies: later changes to the object Taro passed must not show through.
    target[parts[parts.length - 1]] = value === undefined ? value : JSON.parse(JSON.stringify(value));
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * One mini-program: call `launch()` once per test file (it evaluates app.js and runs App's onLaunch),
 * then `open(route, query)` for each page.
 */
export function createMiniProgram(standIn: WxStandIn) {
  const g = globalThis as unknown as Record<string, unknown>;
  // miniprogram-simulate installs its own Component constructor and a wx of its own on load; ours comes after.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after the jsdom globals it reads at load time are set
  const simulate = require('miniprogram-simulate') as typeof import('miniprogram-simulate');
  g.wx = standIn.wx;
  (g as { __webview_engine_version__?: number }).__webview_engine_version__ = 0.02;

  let appInstance: Record<string, unknown> | null = null;
  const stack: PageInstance[] = [];
  const open = new Set<RenderedPage>();
  const pageConfigs = new Map<string, Data>();
  let captured: Data | null = null;
  g.App = (config: Data) => {
    appInstance = config;
  };
  g.getApp = () => appInstance;
  g.Page = (config: Data) => {
    captured = config;
  };
  g.getCurrentPages = () => [...stack];
  g.requirePlugin = () => ({});

  // Errors reported while a page is open are that page's errors.
  const errorSinks = new Set<string[]>();
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    for (const sink of errorSinks)
      sink.push(args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' '));
    consoleError(...args);
  };

  let templateOf: ((file: string) => unknown) | null = null;
  let compId: string | null = null;
  const compiledWxml = (route: string) => {
    if (!templateOf) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- an untyped CommonJS tool, loaded only when a page is compiled
      const compiler = require('miniprogram-compiler') as { wxmlToJs(root: string): string };
      // The compiler emits the page templates as JavaScript source; evaluating it is how WeChat runs them too.
      templateOf = new Function(compiler.wxmlToJs(WEAPP_DIR))() as (file: string) => unknown;
    }
    return templateOf(`${route}.wxml`);
  };
  /** Taro's recursive component (deep trees continue in `comp`), loaded once with its own JS. */
  const recursiveComponent = () => {
    compId ??= simulate.load(path.join(WEAPP_DIR, 'comp'), 'comp', { rootPath: WEAPP_DIR });
    return compId;
  };

  function pageConfig(route: string): Data {
    let config = pageConfigs.get(route);
    if (!config) {
      captured = null;
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built page registers itself with Page() when loaded, as in WeChat
      require(path.join(WEAPP_DIR, `${route}.js`));
      if (!captured) throw new Error(`${route}.js did not call Page()`);
      config = captured as Data;
      pageConfigs.set(route, config);
    }
    return config;
  }

  return {
    launch(options: { path?: string; query?: Record<string, string> } = {}) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built app registers itself with App() when loaded
      require(path.join(WEAPP_DIR, 'app.js'));
      if (!appInstance) throw new Error('app.js did not call App()');
      const launchOptions = { path: options.path ?? readAppJson().pages[0], query: options.query ?? {}, scene: 1001 };
      (appInstance.onLaunch as ((o: unknown) => void) | undefined)?.call(appInstance, launchOptions);
      (appInstance.onShow as ((o: unknown) => void) | undefined)?.call(appInstance, launchOptions);
    },

    /** Opens a page as navigateTo would and waits until its calls are answered and its data is quiet. */
    async open(route: string, query: Record<string, string> = {}): Promise<RenderedPage> {
      const config = pageConfig(route);
      const inst = {} as PageInstance;
      let updates = 0;
      for (const [key, value] of Object.entries(config)) inst[key] = value;
      Object.assign(inst, {
        route,
        __route__: route,
        options: query,
        data: JSON.parse(JSON.stringify(config.data ?? {})),
        setData(patch: Data, cb?: () => void) {
          updates++;
          applySetData(inst.data, patch);
          if (cb) setTimeout(cb, 0);
        },
      });
      stack.push(inst);
      const lifecycle = (name: string, ...args: unknown[]) =>
        (inst[name] as ((...a: unknown[]) => void) | undefined)?.apply(inst, args);
      const errors: string[] = [];
      errorSinks.add(errors);
      lifecycle('onLoad', query);
      lifecycle('onShow');
      lifecycle('onReady');

      const warnings: string[] = [];
      let rendered: Rendered | null = null;
      const render = () => {
        const warn = console.warn;
        console.warn = (...args: unknown[]) => {
          warnings.push(args.map(String).join(' '));
        };
        try {
          if (!rendered) {
            const id = simulate.load({
              template: compiledWxml(route) as never,
              usingComponents: { comp: recursiveComponent() },
              data: { root: inst.data.root },
              // Taro binds every event to `eh` and finds the node by its id; hand it to the page.
              methods: { eh: (e: unknown) => (inst.eh as ((e: unknown) => void) | undefined)?.call(inst, e) },
            } as never);
            rendered = simulate.render(id) as unknown as Rendered;
            rendered.attach(document.createElement('page-wrapper'));
          } else {
            rendered.setData({ root: inst.data.root });
          }
        } finally {
          console.warn = warn;
        }
      };

      // Quiet = no cloud call in flight and no setData for a few turns of the event loop.
      const waitQuiet = async (deadline = Date.now() + 20_000) => {
        let seen = -1;
        let calm = 0;
        while (Date.now() < deadline) {
          await settle();
          if (standIn.pending() === 0 && updates === seen) calm++;
          else calm = 0;
          seen = updates;
          if (calm >= 5) return;
          await new Promise((r) => setTimeout(r, 5));
        }
        throw new Error(`${route}: still loading after 20 s (${standIn.pending()} cloud calls open)`);
      };
      await waitQuiet();
      render();

      const page: RenderedPage = {
        route,
        get dom() {
          return rendered!.dom;
        },
        text: () => textOf(rendered!.dom),
        errors,
        warnings,
        get missingTemplates() {
          return [...new Set(warnings.flatMap((w) => [...w.matchAll(/Template `([^`]+)` not found/g)].map((m) => m[1])))];
        },
        async tap(selector) {
          const target = rendered!.querySelector(selector);
          if (!target) throw new Error(`${route}: nothing matches ${selector}`);
          target.dispatchEvent('tap');
          await waitQuiet();
          render();
        },
        async type(selector, value, nth = 0) {
          const target = rendered!.querySelectorAll(selector)[nth];
          if (!target) throw new Error(`${route}: nothing matches ${selector}`);
          target.dispatchEvent('input', { detail: { value, cursor: value.length, keyCode: 0 } });
          await waitQuiet();
          render();
        },
        share(dataset = {}) {
          const handler = inst.onShareAppMessage as ((res: unknown) => Record<string, unknown>) | undefined;
          return handler?.call(inst, { from: 'button', target: { dataset }, webViewUrl: undefined });
        },
        unload() {
          if (!open.delete(page)) return;
          errorSinks.delete(errors);
          lifecycle('onUnload');
          stack.splice(stack.indexOf(inst), 1);
          rendered?.detach();
        },
      };
      open.add(page);
      return page;
    },

    /** Unloads every page still open (their timers and polling stop), as leaving the app would. */
    unloadAll() {
      for (const page of [...open]) page.unload();
    },
  };
}

export function textOf(el: Node): string {
  const pieces: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === 3) pieces.push(node.textContent ?? '');
    else node.childNodes.forEach(walk);
  };
  walk(el);
  return pieces
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(' ');
}
