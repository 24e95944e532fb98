import { defineConfig } from "@playwright/test";

// The server under test: the debug build made by `cargo leptos build`, on its own port
// and its own throw-away SQLite database, so a running `make run` is not disturbed.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        browserName: "chromium",
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          // Debian's Chromium; Playwright never downloads a browser here.
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    // A fresh database with two known admins, created through the operator CLI.
    command:
      "rm -rf target/e2e && target/debug/server admin create --email admin@e2e.test --name 'E2E Admin' && " +
      "target/debug/server admin create --email reviewer@e2e.test --name 'Ayşe Yılmaz' && exec target/debug/server",
    cwd: "..",
    url: `${baseURL}/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: "target/site",
      REGDOCS_DATA_DIR: "target/e2e",
      DATABASE_URL: "sqlite://target/e2e/regdocs.db?mode=rwc",
      REGDOCS_PUBLIC_URL: baseURL,
      RUST_LOG: "warn",
      REGDOCS_ADMIN_PASSWORD: "e2e admin passphrase",
      // Small enough for uploads.spec to fill it (its uploads are the largest).
      REGDOCS_CUSTOMER_QUOTA_MB: "12",
      // Every test account signs up from 127.0.0.1.
      REGDOCS_SIGNUPS_PER_ADDRESS_PER_HOUR: "1000",
    },
  },
});
