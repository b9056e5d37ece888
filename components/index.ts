// The kit's public API: what another Pulumi program imports from `ai-infra`.
export * from "./gateway";
export * from "./kubernetes";
export * from "./platform";
export { program } from "./program";
export * from "./config";
