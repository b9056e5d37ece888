export * from "./endpoints";
export * from "./gpus";
export * from "./presets";
export * from "./regions";
export * from "./schema";
export * from "./secret";
export * from "./validate";
export { decodeConfigValue, readRawConfig, readSpec } from "./config";
