// The commands' shared ending (cli/lib/main.ts `runMain`): main's code becomes the exit code; a
// crash is one line naming the command and its own code, without a stack trace.
import { afterEach, describe, expect, it, vi } from "vitest";
import { runMain } from "../../cli/lib/main";

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = 0;
});

describe("runMain", () => {
  it("sets the exit code main returns, and main gets the arguments after the script", async () => {
    const seen: string[][] = [];
    vi.spyOn(process, "argv", "get").mockReturnValue(["node", "cli/x.ts", "stack", "--json"]);
    runMain(async (argv) => (seen.push(argv), 2), "x", 4);
    await settle();
    expect(seen).toEqual([["stack", "--json"]]);
    expect(process.exitCode).toBe(2);
  });

  it("a crash: one line `<name> failed: <message>` and the crash code", async () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    runMain(async () => {
      throw new Error("boom");
    }, "plan", 4);
    await settle();
    const written = stderr.mock.calls.map((c) => String(c[0]));
    stderr.mockRestore();
    expect(written).toEqual(["plan failed: boom\n"]);
    expect(process.exitCode).toBe(4);
  });

  it("with exit, ends the process with the code at once", async () => {
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    runMain(async () => 3, "local run", 3, { exit: true });
    await settle();
    expect(exit.mock.calls).toEqual([[3]]);
    expect(process.exitCode).toBe(0);
  });
});
