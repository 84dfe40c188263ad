/** Types for chromium.mjs, which the Playwright config (TypeScript) and the bench (plain Node) share. */
export declare const CHROMIUM_ARGS: string[];
