// The part of stryker.config.mjs the kit's scripts read (scripts/mutation/).
declare const config: { mutate: string[] };
export default config;
