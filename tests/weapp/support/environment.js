/**
 * jsdom for the mini-program's view layer, with node's own globals beside it for the local cloud functions
 * the page calls in the same test (PGlite needs WebAssembly and TextEncoder, jose node's crypto). Node's
 * ArrayBuffer/Uint8Array replace jsdom's, as jest's node environment does, so bytes made by TextEncoder
 * pass `instanceof Uint8Array` checks, and node's URL replaces jsdom's, which node's fs does not accept
 * (PGlite finds its files by URL).
 */
const { TestEnvironment } = require('jest-environment-jsdom');

class WeappEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    const global = this.global;
    for (const key of Object.getOwnPropertyNames(globalThis)) {
      if (key in global || key === 'globalThis' || key === 'global') continue;
      const descriptor = Object.getOwnPropertyDescriptor(globalThis, key);
      if (descriptor) Object.defineProperty(global, key, descriptor);
    }
    global.ArrayBuffer = ArrayBuffer;
    global.Uint8Array = Uint8Array;
    global.TextEncoder = TextEncoder;
    global.TextDecoder = TextDecoder;
    global.URL = URL;
  }
}

module.exports = WeappEnvironment;
