import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN, PDF_HEAD, confirmEmail, dropFile, expectAccessible, logIn, signUp, uniqueEmail, waitForHydration } from "./support";

const PASSWORD = "correct horse battery staple";
/** Drops a 20 KB PDF named `name` onto the drop zone of an item. */
async function dropPdf(page: Page, itemKey: string, name: string) {
  await dropFile(page, itemKey, name, "application/pdf", PDF_HEAD, 20 * 1024);
}

test.describe.configure({ mode: "serial" });

test("an admin rejects one item with a statement; the customer replaces it; the admin approves and registers", async ({ browser }) => {
  // Two people, a reason template, two rounds of review and a registration: about 30 s
  // in a debug build on two cores, more than the default limit leaves room for.
  test.setTimeout(90_000);
  // The customer: an order of a .av.tr name (seeded requirements: T.C. number and a document).
  const customer = await (await browser.newContext()).newPage();
  const email = uniqueEmail("lawyer");
  await signUp(customer, "Ayşe Avukat", email, PASSWORD);
  await logIn(customer, email, PASSWORD);
  await expect(customer.getByRole("link", { name: "My orders" })).toBeVisible();
  await confirmEmail(browser, customer, email);
  const domain = `avukat-${Date.now()}.av.tr`;
  await customer.goto(`/orders?domain=${domain}`);
  await customer.getByRole("button", { name: `Order ${domain}` }).click();
  await expect(customer.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await waitForHydration(customer);
  await customer.getByLabel("Turkish identity number (T.C. Kimlik No)", { exact: true }).fill("10000000146");
  await dropPdf(customer, "eligibility_documents", "baro-belgesi.pdf");
  await expect(customer.getByRole("link", { name: "baro-belgesi.pdf" })).toBeVisible();

  // The admin keeps a reason template, then opens the console with its badge.
  const admin = await (await browser.newContext()).newPage();
  await admin.goto("/login?next=/admin/reasons");
  await logIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(admin.getByRole("heading", { name: "Reason templates" })).toBeVisible();
  await waitForHydration(admin);
  const reasonTitle = `Outdated certificate ${Date.now()}`;
  const statement = "The certificate is older than six months; please upload a current one.";
  await admin.getByLabel("Title (only admins see it)").fill(reasonTitle);
  await admin.getByLabel("Statement the customer reads").fill(statement);
  await admin.getByRole("button", { name: "Add template" }).click();
  await expect(admin.getByText(reasonTitle)).toBeVisible();
  await admin.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: /Review queue/ }).click();
  await expect(admin.getByRole("heading", { name: "Review queue" })).toBeVisible();
  const badge = admin.getByRole("navigation", { name: "Admin" }).locator(".badge");
  const before = Number(await badge.textContent());

  await customer.getByRole("button", { name: "Submit for review" }).click();
  await expect(customer.getByText("Submitted. Your order is now under review.")).toBeVisible();

  // The badge counts the new submission without a reload.
  await expect(badge).toHaveText(String(before + 1));
  // Screen readers hear the change through a polite status region.
  await expect(admin.locator("#badge-news")).toHaveText(new RegExp(`^${before + 1} orders? (is|are) waiting for review\\.$`));
  await admin.getByRole("link", { name: domain }).click();
  await expect(admin.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await waitForHydration(admin);
  await expect(admin.locator("iframe.pdf-preview")).toHaveAttribute("src", /\/documents\/\d+\?inline=1/);
  // Chromium shows the PDF in its viewer: the frame holds the document, not an error page
  // (a sandbox attribute on the frame would block the viewer; the response's CSP sandboxes it).
  await expect.poll(() => admin.frames().some((f) => /\/documents\/\d+\?inline=1$/.test(f.url()))).toBe(true);
  expect(admin.frames().filter((f) => f.url().startsWith("chrome-error://"))).toHaveLength(0);
  await expectAccessible(admin, "the admin's order page, waiting for decisions");
  // The viewer focuses itself as it loads; the page takes the focus back, so the
  // keyboard stays with the page and its shortcuts ("j": the first item).
  await expect.poll(() => admin.evaluate(() => document.activeElement?.tagName), { timeout: 5_000 }).not.toBe("IFRAME");
  await admin.keyboard.press("j");
  await expect(admin.locator(".item-section:focus")).toHaveAttribute("aria-label", "Turkish identity number (T.C. Kimlik No)");

  // The saved reason fills the statement.
  await admin.getByLabel("Saved reason for Proof of eligibility").selectOption({ label: reasonTitle });
  await expect(admin.getByLabel("Statement for the customer about Proof of eligibility")).toHaveValue(statement);
  await admin.getByRole("button", { name: "Reject Proof of eligibility" }).click();
  await expect(admin.getByRole("region", { name: "Proof of eligibility" }).getByText("Rejected", { exact: true })).toBeVisible();
  await expect(admin.getByRole("region", { name: "Proof of eligibility" })).toContainText("waiting for the customer's replacement");
  await admin.getByRole("button", { name: "Approve Turkish identity number (T.C. Kimlik No)" }).click();
  await expect(admin.getByText("Action required").first()).toBeVisible();

  // The customer's page shows the statement without a reload, and they replace the document.
  await expect(customer.getByRole("alert").filter({ hasText: statement })).toContainText("Not accepted:");
  await expectAccessible(customer, "the customer's order with a rejected item");
  await waitForHydration(customer);
  await dropPdf(customer, "eligibility_documents", "baro-belgesi-2026.pdf");
  await expect(customer.getByRole("link", { name: "baro-belgesi-2026.pdf" })).toBeVisible();
  await customer.getByRole("button", { name: "Submit for review" }).click();
  await expect(customer.getByText("Submitted. Your order is now under review.")).toBeVisible();

  // The admin approves the replacement; the order is approved.
  await admin.reload();
  await waitForHydration(admin);
  await admin.getByRole("button", { name: "Approve Proof of eligibility" }).click();
  await expect(admin.getByText("Approved", { exact: true }).first()).toBeVisible();
  await expect(customer.getByText("Everything was approved.")).toBeVisible();
  await expect(customer.getByText("History (2 submitted)")).toBeVisible();
  await expectAccessible(customer, "the customer's approved order");

  // Registration through the manual module: start, then mark registered.
  const registration = admin.getByRole("region", { name: "Registration" });
  await registration.getByRole("button", { name: "Start registration" }).click();
  await expect(registration.getByText(`Register ${domain} at your provider`)).toBeVisible();
  await registration.getByRole("button", { name: "Mark registered" }).click();
  await expect(registration.getByText("The domain is registered.")).toBeVisible();
  const trail = admin.getByRole("region", { name: "Audit trail" });
  await expect(trail.getByText("Rejected “Proof of eligibility”")).toBeVisible();
  await expect(trail.getByText("The domain is registered")).toBeVisible();
  await expectAccessible(admin, "the admin's page of a registered order");

  // The customer sees it registered, live, with the history of the order.
  await expect(customer.getByText("The domain is registered. Nothing more is needed from you.")).toBeVisible();
  const history = customer.getByRole("region", { name: "History of this order" });
  await expect(history.getByText(statement)).toBeVisible();
  await expect(history.getByText("E-mail queued")).toHaveCount(0);

  // Without SMTP the notifications wait in the outbox, readable by admins.
  await admin.goto("/admin/outbox");
  const subjects = admin.locator(".outbox-subject");
  await expect(subjects.filter({ hasText: `Action required for ${domain}` })).toBeVisible();
  await expect(subjects.filter({ hasText: `${domain} is registered` })).toBeVisible();
  await expectAccessible(admin, "the outbox");
});
