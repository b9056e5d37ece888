export * from "./rates";
export * from "./regions";
export * from "./prices";
export * from "./llm";
export * from "./model";
export * from "./audit";
export * from "./advice";
export * from "./dedicated";
