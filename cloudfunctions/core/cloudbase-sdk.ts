/** The slice of @cloudbase/node-sdk the functions use (caller context, storage, open API). */
export interface CloudbaseSdk {
  SYMBOL_CURRENT_ENV: symbol;
  init(options: { env: unknown }): unknown;
  getCloudbaseContext(context?: unknown): Record<string, string | undefined>;
}

let sdk: CloudbaseSdk | null = null;

/**
 * @cloudbase/node-sdk, loaded on first use: only code running inside CloudBase needs it, and the local gateway,
 * tests and benches never load it (it pulls a large dependency tree into every cold start otherwise).
 */
export function cloudbaseSdk(): CloudbaseSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy by design (see above); import() would make every caller async
  sdk ??= require('@cloudbase/node-sdk') as CloudbaseSdk;
  return sdk;
}
