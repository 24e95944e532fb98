import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E_ADMIN, PDF_HEAD, dropFile, expectAccessible, logIn, newCustomer, waitForHydration } from "./support";

// The pages no other spec passes through in a state worth checking, each checked with
// axe-core's WCAG 2.2 A/AA rules (the other specs check the states of their flows); and
// reflow: every page at 320 CSS pixels wide without scrolling sideways.

test("every admin page passes the WCAG 2.2 AA rules", async ({ page }) => {
  // Eleven pages, each loaded, hydrated and scanned: about 30 s on two cores, more when
  // it is the first test after the server started (the browser compiles the wasm).
  test.setTimeout(90_000);
  await page.goto("/login?next=/admin");
  await logIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  for (const [path, heading] of [
    ["/admin", "Overview"],
    ["/admin/extensions", "Extensions"],
    ["/admin/documents", "Domain doc management"],
    ["/admin/documents/new", "Add an extension that requires documents"],
    ["/admin/reviews", "Review queue"],
    ["/admin/reasons", "Reason templates"],
    ["/admin/outbox", "Outbox"],
    ["/admin/api-keys", "API keys"],
    ["/admin/webhooks", "Webhooks"],
    ["/account", "Your account"],
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading, exact: true })).toBeVisible();
    await waitForHydration(page);
    await expectAccessible(page, path);
  }
});

test("a customer's pages pass the WCAG 2.2 AA rules, with and without orders", async ({ page, browser }) => {
  await newCustomer(browser, page, "Lin Avukat", "correct horse battery staple");
  await page.goto("/orders");
  await waitForHydration(page);
  await expectAccessible(page, "/orders without orders");
  const domain = `a11y-${Date.now()}.av.tr`;
  await page.goto(`/orders?domain=${domain}`);
  await page.getByRole("button", { name: `Order ${domain}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await page.goto("/orders");
  await expect(page.getByRole("link", { name: domain })).toBeVisible();
  await expectAccessible(page, "/orders with an order");
  for (const path of ["/extensions/cn", "/extensions/av.tr", "/account", "/documents"]) {
    await page.goto(path);
    await waitForHydration(page);
    await expectAccessible(page, path);
  }
});

/** Fails when the page scrolls sideways (WCAG 1.4.10 reflow), naming the widest element. */
async function expectNoSidewaysScroll(page: Page, state: string) {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    // What sticks out, leaving out what scrolls inside a box of its own (a wide table).
    const clipped = (e: Element) => {
      for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
        if (["auto", "scroll", "hidden"].includes(getComputedStyle(p).overflowX)) return true;
      }
      return false;
    };
    const widest = [...document.querySelectorAll("body *")]
      .filter((e) => {
        const escapes = ["absolute", "fixed"].includes(getComputedStyle(e).position);
        return e.getBoundingClientRect().right > width + 1 && (escapes || !clipped(e));
      })
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : ""}`);
    // Text that runs out of its box (a long address or file name without a break).
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      range.selectNodeContents(node);
      const parent = node.parentElement!;
      if (range.getBoundingClientRect().right > width + 1 && !clipped(parent)) {
        widest.push(`text "${(node.textContent ?? "").trim().slice(0, 40)}" in ${parent.tagName.toLowerCase()}.${parent.className}`);
      }
    }
    return `${document.documentElement.scrollWidth}px wide: ${widest.slice(0, 5).join(", ")}`;
  });
  expect(overflow, `sideways scrolling on ${state}`).toBeNull();
}

/**
 * Walks every page in `viewport` (public, a customer's order being filled in and under
 * review, every admin page and the definition editor with items), each page prepared by
 * `prepare` (e.g. a larger text size) and checked for sideways scrolling.
 */
async function everyPageFits(browser: Browser, viewport: { width: number; height: number }, how: string, prepare: (page: Page) => Promise<void>) {
  const open = async () => {
    const page = await (await browser.newContext({ viewport })).newPage();
    await prepare(page);
    return page;
  };
  const customer = await open();
  for (const path of ["/", "/login", "/signup", "/extensions/cn"]) {
    await customer.goto(path);
    await waitForHydration(customer);
    await expectNoSidewaysScroll(customer, `${path} ${how}`);
  }
  await newCustomer(browser, customer, "Dar Ekran", "correct horse battery staple");
  const domain = `narrow-${Date.now()}.av.tr`;
  await customer.goto(`/orders?domain=${domain}`);
  await expectNoSidewaysScroll(customer, `/orders with a check result ${how}`);
  await customer.getByRole("button", { name: `Order ${domain}` }).click();
  await expect(customer.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await waitForHydration(customer);
  const orderId = customer.url().match(/\/orders\/(\d+)/)![1];
  await customer.getByLabel("Turkish identity number (T.C. Kimlik No)", { exact: true }).fill("10000000146");
  await dropFile(customer, "eligibility_documents", "a-rather-long-file-name-of-a-bar-certificate-2026.pdf", "application/pdf", PDF_HEAD, 20 * 1024);
  await expect(customer.getByRole("link", { name: "a-rather-long-file-name-of-a-bar-certificate-2026.pdf" })).toBeVisible();
  await expectNoSidewaysScroll(customer, `an order being filled in ${how}`);
  await customer.getByRole("button", { name: "Submit for review" }).click();
  await expect(customer.getByText("Submitted. Your order is now under review.")).toBeVisible();
  await expectNoSidewaysScroll(customer, `an order under review ${how}`);
  await customer.goto("/documents");
  await waitForHydration(customer);
  await expectNoSidewaysScroll(customer, `/documents with a document ${how}`);

  const admin = await open();
  await admin.goto("/login?next=/admin");
  await logIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  for (const path of ["/admin", "/admin/extensions", "/admin/documents", "/admin/documents/new", "/admin/reviews", `/admin/orders/${orderId}`, "/admin/reasons", "/admin/outbox", "/admin/api-keys", "/admin/webhooks"]) {
    await admin.goto(path);
    await waitForHydration(admin);
    await expectNoSidewaysScroll(admin, `${path} ${how}`);
  }
  await admin.goto("/admin/documents/new");
  await waitForHydration(admin);
  await admin.getByLabel("Domain extension").selectOption({ label: ".ca" });
  await admin.getByRole("button", { name: "Import the standard requirements" }).click();
  await expect(admin.getByText("Imported the standard requirements")).toBeVisible();
  await expectNoSidewaysScroll(admin, `the definition editor with items ${how}`);
  await customer.context().close();
  await admin.context().close();
}

test("pages reflow at 320 CSS pixels: nothing scrolls sideways", async ({ browser }) => {
  test.setTimeout(90_000);
  await everyPageFits(browser, { width: 320, height: 640 }, "at 320 px", async () => {});
});

test("pages keep working with the text at 200 %: nothing scrolls sideways", async ({ browser }) => {
  test.setTimeout(90_000);
  // The browser's own text size setting (as in Chromium's settings: "font size"), at
  // twice the usual 16 px; the pages size their text in rem, so all of it grows.
  await everyPageFits(browser, { width: 1280, height: 800 }, "with 200 % text", async (page) => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Page.enable");
    await cdp.send("Page.setFontSizes", { fontSizes: { standard: 32, fixed: 26 } });
    await page.goto("/");
    const size = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    expect(size, "the root text size with the browser's text at 200 %").toBe("32px");
  });
});
