// Preloaded into a plan (`node --require`): records every file the process reads or looks at, and
// every module it loads, and writes the list to $RECORD_READS at exit. The pull-request diff's
// skip rule is tested against what real plans read (test/planner/pr-diff-skip.test.ts).
const fs = require("node:fs");
const seen = new Set();
const note = (p) => {
  if (typeof p === "string") seen.add(p);
  else if (p instanceof URL) seen.add(p.pathname);
  else if (Buffer.isBuffer(p)) seen.add(p.toString());
};
for (const fn of ["readFileSync", "openSync", "existsSync", "statSync", "lstatSync", "readdirSync", "realpathSync", "accessSync", "readFile", "open", "stat", "lstat", "readdir", "access", "createReadStream"]) {
  const orig = fs[fn];
  if (typeof orig !== "function") continue;
  fs[fn] = function (p, ...rest) {
    note(p);
    return orig.call(this, p, ...rest);
  };
  if (orig.native) fs[fn].native = orig.native;
}
for (const fn of ["readFile", "open", "stat", "lstat", "readdir", "access"]) {
  const orig = fs.promises[fn];
  fs.promises[fn] = function (p, ...rest) {
    note(p);
    return orig.call(this, p, ...rest);
  };
}
process.on("exit", () => {
  for (const k of Object.keys(require.cache)) seen.add(k);
  for (const a of process.argv.slice(1)) seen.add(a);
  fs.writeFileSync(process.env.RECORD_READS, JSON.stringify([...seen].sort()));
});
