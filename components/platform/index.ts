export * from "./adapters";
export * from "./contract";
export * from "./platform";
export * from "./tags";
export * from "./renames";
