import { execFileSync, spawnSync } from "node:child_process";

/**
 * Reference programs the tests compare against (the real curl, httpbin) come from Debian's
 * packages. A fresh machine may lack them: the test setup installs them once and says so, so
 * `npm test` does all its own set-up and a reference test never skips silently.
 */

const works = (command: string, args: string[]): boolean =>
  spawnSync(command, args, { stdio: "ignore", timeout: 30_000 }).status === 0;

const installed = new Set<string>();

/**
 * Makes sure a Debian package is installed, checked by a command that must succeed; installs it
 * with apt-get (as root, or through sudo) when it is missing, and throws saying how when it cannot.
 * @example ensureDebianPackage("curl", ["curl", ["--version"]])
 */
export const ensureDebianPackage = (pkg: string, [command, args]: [string, string[]]): void => {
  if (installed.has(pkg) || works(command, args)) {
    installed.add(pkg);
    return;
  }
  process.stderr.write(`test setup: ${pkg} is missing; installing Debian's ${pkg} package with apt-get\n`);
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const apt = (args: string[]) =>
    execFileSync(asRoot ? "apt-get" : "sudo", asRoot ? args : ["-n", "apt-get", ...args], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      timeout: 600_000,
    });
  try {
    apt(["install", "-y", "--no-install-recommends", pkg]);
  } catch {
    apt(["update"]);
    apt(["install", "-y", "--no-install-recommends", pkg]);
  }
  if (!works(command, args)) throw new Error(`test setup: installed ${pkg}, but ${command} still does not run`);
  installed.add(pkg);
};

/** The real curl binary, for differential tests. */
export const ensureCurl = (): string => {
  ensureDebianPackage("curl", ["curl", ["--version"]]);
  return "curl";
};

/** Debian's python3-httpbin, run with the system Python (a pyenv python cannot import it). */
export const ensureHttpbin = (): string[] => {
  ensureDebianPackage("python3-httpbin", ["/usr/bin/python3", ["-c", "import httpbin"]]);
  return ["/usr/bin/python3", "-m", "httpbin.core"];
};
