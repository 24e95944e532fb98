import { expect, test } from "@playwright/test";
import { E2E_ADMIN, logIn, newCustomer, waitForHydration } from "./support";
import { NetworkLog } from "./network";

const PASSWORD = "correct horse battery staple";
const ADMIN_CODE = /\/pkg\/split_admin_page/;
const WASM = /\/pkg\/.*\.wasm$/;

test("a customer's browser never loads the admin code, and a second visit takes the code from its cache", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const network = await NetworkLog.start(page);

  // A first visit: the code comes over the network, compressed, named by its hash and
  // marked as never changing.
  await page.goto("/");
  await waitForHydration(page);
  const first = network.matching(WASM);
  expect(first.length, "the home page loads its code").toBeGreaterThan(0);
  for (const file of first) {
    expect(file.fromCache, file.url).toBe(false);
    expect(file.transferred, file.url).toBeGreaterThan(0);
    expect(file.url).toMatch(/\.[A-Za-z0-9_-]{22}\.wasm$/);
    expect(file.cacheControl, file.url).toBe("public, max-age=31536000, immutable");
  }

  // Signing up, in and ordering pages: still no admin code.
  await newCustomer(browser, page, "Hedy Lamarr", PASSWORD);
  await page.goto("/orders");
  await waitForHydration(page);
  expect(network.matching(/\/pkg\/split_customer_page/).length, "the customer's pages load their own code").toBeGreaterThan(0);
  expect(network.matching(ADMIN_CODE).map((f) => f.url)).toEqual([]);

  // A second visit: every piece of code is already in the browser.
  network.clear();
  await page.goto("/");
  await waitForHydration(page);
  await page.goto("/orders");
  await waitForHydration(page);
  const second = network.matching(/\/pkg\//);
  expect(second.length).toBeGreaterThan(0);
  for (const file of second) {
    expect(file.fromCache, `${file.url} from the cache`).toBe(true);
    expect(file.transferred, file.url).toBe(0);
  }
  // The pages themselves are never kept.
  const pages = network.fetched.filter((f) => !new URL(f.url).pathname.startsWith("/pkg/") && f.url.endsWith("/orders"));
  expect(pages.length).toBeGreaterThan(0);
  for (const p of pages) {
    expect(p.fromCache).toBe(false);
    expect(p.cacheControl).toBe("no-store");
  }
  await network.stop();
  await context.close();
});

test("an admin's browser loads the admin code when an admin page opens", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const network = await NetworkLog.start(page);
  await page.goto("/login?next=/admin/reviews");
  await logIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByRole("heading", { name: "Review queue" })).toBeVisible();
  await waitForHydration(page);
  expect(network.matching(ADMIN_CODE).length).toBe(1);
  await network.stop();
  await context.close();
});
