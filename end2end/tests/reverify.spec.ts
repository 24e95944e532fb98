import { expect, test } from "@playwright/test";
import { E2E_ADMIN, PDF_HEAD, dropFile, expectAccessible, logIn, newCustomer, waitForHydration } from "./support";

const TCKN = "Turkish identity number (T.C. Kimlik No)";

test("an admin asks again for a registered domain's document; the customer sees it live and supplies it", async ({ page, browser }) => {
  test.setTimeout(90_000);
  await newCustomer(browser, page, "Selin Avukat", "correct horse battery staple");
  const domain = `denetim-${Date.now()}.av.tr`;
  await page.goto(`/orders?domain=${domain}`);
  await page.getByRole("button", { name: `Order ${domain}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await waitForHydration(page);
  const id = Number(/\/orders\/(\d+)/.exec(page.url())![1]);
  await page.getByLabel(TCKN, { exact: true }).fill("10000000146");
  await dropFile(page, "eligibility_documents", "baro-belgesi.pdf", "application/pdf", PDF_HEAD, 20 * 1024);
  await expect(page.getByRole("link", { name: "baro-belgesi.pdf" })).toBeVisible();
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByText("Submitted. Your order is now under review.")).toBeVisible();

  // The admin approves and registers it.
  const admin = await (await browser.newContext()).newPage();
  await admin.goto(`/login?next=/admin/orders/${id}`);
  await logIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(admin.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await waitForHydration(admin);
  // The page is drawn again on each live change below; the document's preview is not
  // loaded again (a reload lets Chromium's PDF viewer take the focus and scroll the page
  // to itself, under the admin's pointer: a click on a button then misses it).
  await admin.evaluate(() => {
    const frame = document.querySelector("iframe.pdf-preview")!;
    document.body.dataset.previewReloads = "0";
    new MutationObserver(() => {
      const reloads = Number(document.body.dataset.previewReloads) + 1;
      document.body.dataset.previewReloads = String(reloads);
    }).observe(frame, { attributeFilter: ["src"] });
    frame.id = "first-preview";
  });
  await admin.getByRole("button", { name: `Approve ${TCKN}` }).click();
  await admin.getByRole("button", { name: "Approve Proof of eligibility" }).click();
  const registration = admin.getByRole("region", { name: "Registration" });
  await registration.getByRole("button", { name: "Start registration" }).click();
  await registration.getByRole("button", { name: "Mark registered" }).click();
  await expect(registration.getByText("The domain is registered.")).toBeVisible();
  await expect(admin.locator("#first-preview")).toHaveAttribute("src", /\/documents\/\d+\?inline=1$/);
  await expect(admin.locator("body")).toHaveAttribute("data-preview-reloads", "0");
  await expect(page.getByText("The domain is registered. Nothing more is needed from you.")).toBeVisible();

  // A year on, the registry audits: the admin asks again for the proof.
  // The panel is drawn when the page hears of the registration (late on a busy
  // machine): open it once it is there.
  const proof = admin.getByRole("checkbox", { name: "Proof of eligibility" });
  await expect(async () => {
    if (!(await proof.isVisible())) await admin.getByText("Verify this registration again").click();
    await expect(proof).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await proof.check();
  const why = "The bar association certificate must be renewed every year.";
  await admin.getByLabel("Statement for the customer").fill(why);

  // Meanwhile another admin deletes the stored files: this admin's page shows it live,
  // drawn again, and what they ticked and typed stays.
  const other = await (await browser.newContext()).newPage();
  await other.goto(`/login?next=/admin/orders/${id}`);
  await logIn(other, E2E_ADMIN.email, E2E_ADMIN.password);
  await waitForHydration(other);
  await other.getByText("Delete the stored files now (1 stored)").click();
  await other.getByRole("button", { name: "Delete the files" }).click();
  await expect(admin.getByRole("region", { name: "Proof of eligibility" })).toContainText("purged on");
  await expect(proof).toBeChecked();
  await expect(admin.getByRole("checkbox", { name: TCKN })).not.toBeChecked();
  await expect(admin.getByLabel("Statement for the customer")).toHaveValue(why);
  await other.context().close();
  await expectAccessible(admin, "asking for a re-verification");
  await admin.getByRole("button", { name: "Ask the customer again" }).click();
  await expect(admin.getByText("Asked to verify again: Proof of eligibility")).toBeVisible();

  // The customer's page shows it without a reload, and takes a new document.
  await expect(page.getByText("The registry needs these verified again: Proof of eligibility.")).toBeVisible();
  await expect(page.getByText(why).first()).toBeVisible();
  await expect(page.getByText("Cancel this order")).toHaveCount(0);
  await expectAccessible(page, "an order reopened for re-verification");
  await waitForHydration(page);
  await dropFile(page, "eligibility_documents", "baro-belgesi-2027.pdf", "application/pdf", PDF_HEAD, 20 * 1024);
  await expect(page.getByRole("link", { name: "baro-belgesi-2027.pdf" })).toBeVisible();
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByText("Submitted. Your order is now under review.")).toBeVisible();

  // Approved again: registered, with no new registration.
  await admin.reload();
  await waitForHydration(admin);
  await admin.getByRole("button", { name: "Approve Proof of eligibility" }).click();
  await expect(page.getByText("The domain is registered. Nothing more is needed from you.")).toBeVisible();
  await expect(page.getByText("History (2 submitted)").last()).toBeVisible();
});
