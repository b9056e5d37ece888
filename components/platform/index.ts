export * from "./adapters";
export * from "./capabilities";
export * from "./platform";
export * from "./tags";
