/**
 * What the browser tests and the browser benchmark share: finding Chromium on this machine, serving the
 * built app (dist/web) with `vite preview` on a free port of 127.0.0.1, a fresh headless browser, both for
 * the tests of one `describe` block, and pages on the lab watched for console errors and foreign requests.
 *
 * Never `npx playwright install` (it downloads browsers): playwright-core drives the system's Chromium,
 * found from $CHROMIUM_PATH, /usr/bin/chromium, or `which chromium`.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const BUILT_APP = join(ROOT, "dist/web/index.html");
export const ARTIFACTS = join(ROOT, "test-artifacts/web");

/** The Chromium executable, or null when there is none. */
export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  try {
    const found = execFileSync("which", ["chromium"], { encoding: "utf8" }).trim();
    return found && existsSync(found) ? found : null;
  } catch {
    return null;
  }
}

/**
 * Whether the browser tests can run. Without Chromium they fail loudly on CI (CI=true) and are skipped
 * with a loud warning elsewhere.
 */
export function browserAvailability(): { executable: string | null; skip: boolean } {
  const executable = findChromium();
  if (executable) return { executable, skip: false };
  const message =
    "lrlab web tests: no Chromium found (set CHROMIUM_PATH, or apt-get install chromium); the browser tests cannot run";
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`\n${"!".repeat(100)}\n${message}: SKIPPING THEM\n${"!".repeat(100)}\n`);
  return { executable: null, skip: true };
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface Preview {
  readonly url: string;
  stop(): Promise<void>;
}

/** Serves dist/web with `vite preview` on a free port; resolves once it answers. */
export async function startPreview(): Promise<Preview> {
  if (!existsSync(BUILT_APP)) {
    throw new Error(`${BUILT_APP} is missing: build the web app first (npm run build, or npx vite build)`);
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(ROOT, "node_modules/vite/bin/vite.js"),
      "preview",
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--strictPort",
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => (output += String(chunk)));
  child.stderr?.on("data", (chunk) => (output += String(chunk)));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite preview exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(url);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`vite preview did not answer on ${url} within 30 s:\n${output}`);
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      }),
  };
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh headless Chromium with its own temporary profile. */
export async function launchBrowser(executable: string): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), "lrlab-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: executable,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The served app and the browser of one `describe` block (see {@link serveLab}). */
export interface ServedLab {
  readonly preview: Preview;
  readonly browser: Browser;
}

/**
 * Serves the built app and starts a browser before the tests of the `describe` block it is called in, and
 * stops both after them. The fields can be read once the tests run.
 */
export function serveLab(executable: string, timeout: number): ServedLab {
  let preview: Preview | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    preview = await startPreview();
    browser = await launchBrowser(executable);
  }, timeout);
  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the lab is served only while the tests run");
    return value;
  };
  return {
    get preview() {
      return started(preview);
    },
    get browser() {
      return started(browser);
    },
  };
}

/** Opens a new page on the lab: at `query`, `width` px wide, after `beforeLoad` (e.g. media emulation). */
export type OpenPage = (
  query?: string,
  width?: number,
  beforeLoad?: (page: Page) => Promise<void>,
) => Promise<Page>;

/**
 * Pages on the lab for the tests of the `describe` block it is called in (served by {@link serveLab}):
 * after each test, every page it opened must have logged no console errors and asked no other origin.
 */
export function labPages(executable: string, timeout: number): OpenPage {
  const lab = serveLab(executable, timeout);
  let watches: PageWatch[] = [];
  afterEach(() => {
    for (const watch of watches) {
      expect(watch.errors, "console errors").toEqual([]);
      expect(watch.foreignRequests, "requests to other origins").toEqual([]);
    }
    watches = [];
  });
  return async (query = "", width = 1280, beforeLoad) => {
    const { preview, browser } = lab;
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height: 900 });
    watches.push(watchPage(page, preview.url.slice(0, -1)));
    await beforeLoad?.(page);
    await page.goto(`${preview.url}${query}`);
    return page;
  };
}

/** The query of the page's URL. */
export const searchParams = (page: Page) => new URL(page.url()).searchParams;

/** Everything a page did that a test should know about: console errors and requests to other origins. */
export interface PageWatch {
  readonly errors: string[];
  readonly foreignRequests: string[];
}

/** Records console errors, uncaught exceptions and requests that leave `origin`. */
export function watchPage(page: Page, origin: string): PageWatch {
  const watch: PageWatch = { errors: [], foreignRequests: [] };
  page.on("console", (message) => {
    if (message.type() === "error") watch.errors.push(message.text());
  });
  page.on("pageerror", (error) => watch.errors.push(`uncaught: ${error.message}`));
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith("blob:") && !url.startsWith("data:")) {
      watch.foreignRequests.push(url);
    }
  });
  return watch;
}

/** Saves a screenshot to test-artifacts/web/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Saves a screenshot of one element (a panel) to test-artifacts/web/<name>.png. */
export async function elementScreenshot(element: Locator, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await element.screenshot({ path });
  return path;
}

/**
 * Waits until the lesson's run for the settings on screen is shown: its status names the run's rate and
 * the "Rate and verdict" panel is no longer busy. The verdict itself may still wait for Play or Step.
 */
export async function waitForRun(page: Page): Promise<void> {
  const status = page.getByTestId("status");
  await expect.poll(() => status.getAttribute("data-learning-rate"), { timeout: 20_000 }).not.toBeNull();
  await expect
    .poll(() => page.locator("#panel-controls").getAttribute("aria-busy"), { timeout: 20_000 })
    .toBeNull();
}

/**
 * Waits until the Beyond the line tab's run of the settings on screen is shown: its status has a regime
 * and the verdict panel is no longer busy; with `regime`, until it is that one. Returns the status.
 */
export async function waitForModel(page: Page, regime?: string): Promise<Locator> {
  const status = page.getByTestId("model-status");
  await expect.poll(() => status.getAttribute("data-regime"), { timeout: 30_000 }).not.toBeNull();
  await expect
    .poll(() => page.locator("#panel-model-verdict").getAttribute("aria-busy"), { timeout: 30_000 })
    .toBeNull();
  if (regime) await expect.poll(() => status.getAttribute("data-regime"), { timeout: 20_000 }).toBe(regime);
  return status;
}

/**
 * Predict, then check, as a learner does: once the run of the settings on screen is shown, presses Step
 * and waits for its verdict (the status is no longer "hidden"). Returns the status.
 */
export async function stepForVerdict(page: Page): Promise<Locator> {
  await waitForRun(page);
  const status = page.getByTestId("status");
  await page.getByTestId("step").click();
  await expect.poll(() => status.getAttribute("data-verdict")).not.toBe("hidden");
  return status;
}
