/** JSON lines on stdout: what CloudWatch Logs and Cloud Logging both parse into fields. */

export type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type Logger = (level: Level, msg: string, fields?: Record<string, unknown>) => void;

export function jsonLogger(minLevel: Level, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  return (level, msg, fields) => {
    if (order[level] < order[minLevel]) return;
    // Cloud Logging reads `severity`; CloudWatch keeps the JSON as is.
    write(`${JSON.stringify({ time: new Date().toISOString(), severity: level.toUpperCase(), msg, ...fields })}\n`);
  };
}

export const silentLogger: Logger = () => {};
