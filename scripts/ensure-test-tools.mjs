// Runs before `npm test`: the tests use two system programs, redis-server (the multi-instance and
// Redis store tests start their own on a free loopback port) and Chromium (the browser test drives
// it through playwright-core). npm installs neither, and nothing here downloads a browser or a
// binary: a missing one is installed from the system's own packages when this machine allows it
// (root and apt-get), and otherwise the run stops at once with one sentence saying what to install.
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** Each tool: where it is looked for, and the Debian package that provides it. */
const tools = [
  {
    name: "redis-server",
    package: "redis-server",
    override: "REDIS_SERVER_PATH",
    find: () => {
      const path = process.env.REDIS_SERVER_PATH;
      if (path === undefined) return onPath("redis-server");
      return isExecutable(path) ? path : undefined;
    },
  },
  {
    name: "Chromium",
    package: "chromium",
    override: "CHROMIUM_PATH",
    find: () => {
      const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
      return isExecutable(path) ? path : undefined;
    },
  },
];

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && isExecutable(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

const missing = tools.filter((tool) => tool.find() === undefined);
if (missing.length === 0) process.exit(0);

const packages = missing.map((tool) => tool.package);
const names = missing.map((tool) => tool.name).join(" and ");
const canInstall = process.getuid?.() === 0 && onPath("apt-get") !== undefined;
if (!canInstall) {
  const overrides = missing.map((tool) => tool.override).join(" / ");
  process.stderr.write(
    `npm test needs ${names}, which this machine lacks: install it with \`sudo apt-get install ${packages.join(" ")}\` (Debian/Ubuntu), or point ${overrides} at an existing one.\n`,
  );
  process.exit(1);
}

process.stderr.write(`npm test needs ${names}: installing ${packages.join(" ")} with apt-get…\n`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
for (const args of [["update", "-qq"], ["install", "-y", "-qq", ...packages]]) {
  const run = spawnSync("apt-get", args, { stdio: "inherit", env });
  if (run.status !== 0) {
    process.stderr.write(
      `apt-get ${args[0]} failed (exit ${run.status ?? run.signal}); install ${packages.join(" ")} yourself and run npm test again.\n`,
    );
    process.exit(1);
  }
}
const stillMissing = tools.filter((tool) => tool.find() === undefined);
if (stillMissing.length > 0) {
  process.stderr.write(
    `apt-get installed ${packages.join(" ")}, but ${stillMissing.map((t) => t.name).join(" and ")} is still not where the tests look; set ${stillMissing.map((t) => t.override).join(" / ")}.\n`,
  );
  process.exit(1);
}
