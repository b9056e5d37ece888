export * from "./render";
export * from "./versions";
