export * from "./access";
export * from "./render";
export * from "./versions";
