import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN, PDF_HEAD, dropFile, expectAccessible, logIn, newCustomer, waitForHydration } from "./support";

const PASSWORD = "correct horse battery staple";
const TCKN = "Turkish identity number (T.C. Kimlik No)";

/** Orders `domain` (a .av.tr name) and answers its T.C. number; the order's id. */
async function order(page: Page, domain: string): Promise<number> {
  await page.goto(`/orders?domain=${domain}`);
  await page.getByRole("button", { name: `Order ${domain}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await waitForHydration(page);
  await page.getByLabel(TCKN, { exact: true }).fill("10000000146");
  return Number(/\/orders\/(\d+)/.exec(page.url())![1]);
}

/** The admin approves every item of order `id`. */
async function approveAll(admin: Page, id: number) {
  await admin.goto(`/admin/orders/${id}`);
  await waitForHydration(admin);
  for (const item of [TCKN, "Proof of eligibility"]) {
    await admin.getByRole("button", { name: `Approve ${item}` }).click();
    await expect(admin.getByRole("region", { name: item }).getByText("Approved", { exact: true })).toBeVisible();
  }
}

test("a customer reuses an approved document on a second order; the admin sees the earlier approval", async ({ page, browser }) => {
  test.setTimeout(90_000);
  await newCustomer(browser, page, "Selin Avukat", PASSWORD);
  const stamp = Date.now();
  const first = await order(page, `ilk-${stamp}.av.tr`);
  await dropFile(page, "eligibility_documents", "baro-belgesi.pdf", "application/pdf", PDF_HEAD, 20 * 1024);
  await expect(page.getByRole("link", { name: "baro-belgesi.pdf" })).toBeVisible();
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByText("Submitted. Your order is now under review.")).toBeVisible();

  const admin = await (await browser.newContext()).newPage();
  await admin.goto("/login?next=/admin");
  await logIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(admin.getByRole("navigation", { name: "Admin" })).toBeVisible();
  await approveAll(admin, first);

  // The second order offers the approved document instead of an upload.
  const secondDomain = `ikinci-${stamp}.av.tr`;
  const second = await order(page, secondDomain);
  const offer = page.getByText("Use a document you already have (1 approved before)");
  await expect(offer).toBeVisible();
  await expect(page.getByText(new RegExp(`Approved \\d{4}-\\d{2}-\\d{2} for ilk-${stamp}\\.av\\.tr`))).toBeVisible();
  await expectAccessible(page, "an order offering an approved document");
  await page.getByRole("button", { name: "Use baro-belgesi.pdf for Proof of eligibility" }).click();
  const reused = page.locator(".documents .document").filter({ hasText: "baro-belgesi.pdf" });
  await expect(reused).toContainText("Reused");
  await expect(offer).toBeHidden();
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByText("Submitted. Your order is now under review.")).toBeVisible();

  // The admin sees that the same file was approved before, and approves at once.
  await admin.goto(`/admin/orders/${second}`);
  await waitForHydration(admin);
  await expect(admin.getByText(new RegExp(`Approved before for ilk-${stamp}\\.av\\.tr by .+ on \\d{4}-`))).toBeVisible();
  await expectAccessible(admin, "an order with a document approved before");
  await approveAll(admin, second);

  // "My documents" lists both, approved.
  await page.getByRole("link", { name: "My documents" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My documents" })).toBeVisible();
  const rows = page.getByRole("region", { name: "Your documents" }).locator("tbody tr");
  await expect(rows.filter({ hasText: secondDomain })).toContainText("Reused");
  await expect(rows.filter({ hasText: secondDomain })).toContainText("Approved");
  await expect(rows.filter({ hasText: `ilk-${stamp}.av.tr` })).toContainText("Approved");
  await expectAccessible(page, "the customer's documents");
});
