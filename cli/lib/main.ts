/**
 * Runs a command's `main` on the process's arguments and sets the exit code it returns. A crash is
 * one line, `<name> failed: <message>`, and `crashCode`, never a stack trace. `exit` ends the
 * process at once with the code instead of when its last handle closes.
 */
export function runMain(main: (argv: string[]) => Promise<number>, name: string, crashCode: number, opts: { exit?: boolean } = {}): void {
  const end = (code: number) => {
    if (opts.exit) process.exit(code);
    else process.exitCode = code;
  };
  main(process.argv.slice(2)).then(end, (e: unknown) => {
    process.stderr.write(`${name} failed: ${e instanceof Error ? e.message : String(e)}\n`);
    end(crashCode);
  });
}
