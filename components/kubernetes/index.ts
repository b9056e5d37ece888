export * from "./endpoint";
export * from "./keda";
export * from "./naming";
export * from "./serving";
export * from "./versions";
export * from "./vllm-release";
export * from "./prometheus";
export * from "./fine-tuning-release";
