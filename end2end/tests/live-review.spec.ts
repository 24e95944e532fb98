import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E_ADMIN, E2E_REVIEWER, PDF_HEAD, dropFile, expectAccessible, logIn, newCustomer, recordAnnouncements, waitForHydration } from "./support";

/** The first bytes of a PNG (what the server sniffs). The proof is a picture here: an
 * image preview, unlike Chromium's PDF viewer, never takes the focus from a statement. */
const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const PASSWORD = "correct horse battery staple";
const TCKN = "Turkish identity number (T.C. Kimlik No)";
const PROOF = "Proof of eligibility";

/** An admin signed in, in a browser of their own, on `path`. */
async function adminOn(browser: Browser, who: { email: string; password: string }, path: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`/login?next=${encodeURIComponent(path)}`);
  await logIn(page, who.email, who.password);
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[?]/g, "\\?")}$`));
  await waitForHydration(page);
  return page;
}

/**
 * A new customer (`name`) orders `<prefix>-<time>.av.tr`, answers the T.C. number (first
 * mistyped, when `typo`: its check digits catch it before anything is sent), uploads
 * the proof and submits.
 */
async function customerSubmits(browser: Browser, name: string, prefix: string, typo = false) {
  const customer = await (await browser.newContext()).newPage();
  await newCustomer(browser, customer, name, PASSWORD);
  const domain = `${prefix}-${Date.now()}.av.tr`;
  await customer.goto(`/orders?domain=${domain}`);
  await customer.getByRole("button", { name: `Order ${domain}` }).click();
  await expect(customer.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  const orderId = customer.url().match(/\/orders\/(\d+)/)![1];
  await waitForHydration(customer);
  if (typo) {
    await customer.getByLabel(TCKN, { exact: true }).fill("10000000147");
    await customer.getByRole("button", { name: "Submit for review" }).click();
    await expect(customer.getByText("This T.C. Kimlik No's check digits do not match; check for a typo.")).toBeVisible();
  }
  await customer.getByLabel(TCKN, { exact: true }).fill("10000000146");
  await dropFile(customer, "eligibility_documents", "baro.png", "image/png", PNG_HEAD, 20 * 1024);
  await expect(customer.getByRole("link", { name: "baro.png" })).toBeVisible();
  await customer.getByRole("button", { name: "Submit for review" }).click();
  await expect(customer.getByText("Submitted. Your order is now under review.")).toBeVisible();
  return { customer, domain, orderId };
}

test("two admins and a customer: claims, decisions and replacements show up live on every open page", async ({ browser }) => {
  // Three people, four sign-ins (password hashing in a debug build) and a dozen steps.
  test.setTimeout(120_000);
  // The customer submits a .av.tr order (a typo in the T.C. number caught first).
  const { customer, domain, orderId } = await customerSubmits(browser, "Deniz Avukat", "live", true);

  // Admin A opens the order and claims it; admin B, in the queue, sees the claim live.
  const a = await adminOn(browser, E2E_ADMIN, `/admin/orders/${orderId}`);
  const b = await adminOn(browser, E2E_REVIEWER, "/admin/reviews?claim=all");
  const row = b.getByRole("row").filter({ hasText: domain });
  await expect(row).toContainText("Unclaimed");
  await a.getByRole("button", { name: "Claim this order" }).click();
  await expect(a.getByRole("region", { name: "Who reviews this order" })).toContainText("You are reviewing this order.");
  await expect(row).toContainText("E2E Admin");
  await expectAccessible(b, "the review queue with a claimed order");

  // B opens it: warned, with decisions stopped; B starts writing a statement anyway.
  await row.getByRole("link", { name: domain }).click();
  await expect(b.getByRole("region", { name: "Who reviews this order" })).toContainText("E2E Admin is reviewing this order.");
  await waitForHydration(b);
  await expect(b.getByRole("button", { name: `Approve ${TCKN}` })).toBeDisabled();
  await expectAccessible(b, "an order claimed by another admin");
  const draft = b.getByLabel(`Statement for the customer about ${TCKN}`);
  await draft.click();
  await b.keyboard.type("The number does not match");

  // What the customer's screen reader hears from now on, in the order's live region.
  const heard = await recordAnnouncements(customer, "#order-news");

  // A rejects the proof: B's open page shows it, with who decided, and B's text and
  // focus stay where they were.
  await a.getByLabel(`Statement for the customer about ${PROOF}`).fill("The certificate is older than six months.");
  await a.getByRole("button", { name: `Reject ${PROOF}` }).click();
  const proofOnB = b.getByRole("region", { name: PROOF });
  await expect(proofOnB).toContainText("Rejected by E2E Admin");
  await expect(b.getByRole("button", { name: `Reject ${PROOF}` })).toHaveCount(0);
  await expect(draft).toBeFocused();
  await b.keyboard.type(" the registry's records.");
  await expect(draft).toHaveValue("The number does not match the registry's records.");

  // B takes over: A sees it live and is stopped in turn; B approves the number.
  await b.getByRole("button", { name: "Take over the review" }).click();
  await expect(b.getByRole("region", { name: "Who reviews this order" })).toContainText("You are reviewing this order.");
  await expect(a.getByRole("region", { name: "Who reviews this order" })).toContainText("Ayşe Yılmaz is reviewing this order.");
  await expect(a.getByRole("button", { name: `Approve ${TCKN}` })).toBeDisabled();
  await b.getByRole("button", { name: `Approve ${TCKN}` }).click();
  await expect(a.getByRole("region", { name: TCKN })).toContainText("Approved by Ayşe Yılmaz");
  await expect(a.locator(".order-head")).toContainText("Action required");
  // The customer heard each decision once, though their page was drawn again on every
  // claim and take-over.
  await expect
    .poll(heard)
    .toEqual([
      `${PROOF} was rejected: The certificate is older than six months.`,
      `${TCKN} was approved. Order status: Action required.`,
    ]);

  // The customer replaces the proof; both admins' open pages show the new document.
  await expect(customer.getByRole("alert").filter({ hasText: "The certificate is older than six months." })).toBeVisible();
  await waitForHydration(customer);
  await dropFile(customer, "eligibility_documents", "baro-2026.pdf", "application/pdf", PDF_HEAD, 20 * 1024);
  await expect(customer.getByRole("link", { name: "baro-2026.pdf" })).toBeVisible();
  await customer.getByRole("button", { name: "Submit for review" }).click();
  await expect(customer.getByText("Submitted. Your order is now under review.")).toBeVisible();
  await expect(a.getByRole("link", { name: "Download baro-2026.pdf" })).toBeVisible();
  await expect(b.getByRole("link", { name: "Download baro-2026.pdf" })).toBeVisible();

  // A compares the replacement with the rejected picture, and looks closer at that one.
  await a.getByRole("button", { name: "Compare with the rejected document" }).click();
  const both = a.getByRole("group", { name: `${PROOF}: rejected and replacement side by side` });
  await expect(both).toContainText("Rejected (attempt 1)");
  await expect(both).toContainText("The certificate is older than six months.");
  await expect(both.getByRole("link", { name: "Download baro.png" })).toBeVisible();
  await expect(both.getByRole("link", { name: "Download baro-2026.pdf" })).toBeVisible();
  await both.getByRole("button", { name: "Zoom in on baro.png" }).click();
  await expect(both.locator(".viewer-zoom")).toHaveText("150 %");
  await both.getByRole("button", { name: "Rotate baro.png right" }).click();
  await expect(both.locator("img.viewer-image")).toHaveAttribute("style", /rotate\(90deg\) scale\(1\.5\)/);

  // B approves it; A's page shows the approved order without a reload.
  await b.getByRole("button", { name: `Approve ${PROOF}` }).click();
  await expect(a.locator(".order-head")).toContainText("Approved");
  await expect(a.getByRole("region", { name: "Registration" })).toBeVisible();
});

test("an admin reviews from the queue to an approved order with the keyboard only", async ({ browser }) => {
  test.setTimeout(120_000);
  // A customer's order waits for review.
  const { customer, domain } = await customerSubmits(browser, "Kerem Avukat", "keys");

  // From the queue, "n" opens the order waiting longest; "?" lists the shortcuts; "a"
  // approves the item waiting first; "n" goes on to the next order, until this one is done.
  const admin = await adminOn(browser, E2E_ADMIN, "/admin/reviews");
  const heading = admin.locator(".order-head h1");
  let opened = "";
  for (let round = 0; round < 8 && opened !== domain; round++) {
    const before = opened;
    await admin.keyboard.press("n");
    await expect(heading).not.toHaveText(before === "" ? /^$/ : before);
    opened = (await heading.textContent()) ?? "";
    if (round === 0) {
      await admin.keyboard.press("?");
      await expect(admin.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
      await expectAccessible(admin, "the list of keyboard shortcuts");
      await admin.keyboard.press("Escape");
      await expect(admin.getByRole("dialog", { name: "Keyboard shortcuts" })).toHaveCount(0);
    }
    const waiting = admin.locator("button[aria-label^='Approve ']:not([disabled])");
    for (let left = await waiting.count(); left > 0; left--) {
      await admin.keyboard.press("a");
      await expect(waiting).toHaveCount(left - 1);
      // The focus moves on: to the next item waiting for a decision, else the heading.
      if (left > 1) {
        await expect(admin.locator(".item-section:focus").locator("button[aria-label^='Approve ']")).toBeEnabled();
      } else {
        await expect(admin.locator("#order-title")).toBeFocused();
      }
    }
    await expect(admin.locator(".order-head")).toContainText("Approved");
    await expect(admin.locator("#order-news")).toHaveText(/was approved\. Order status: Approved\.$/);
  }
  expect(opened).toBe(domain);
  await expect(customer.getByText("Everything was approved.")).toBeVisible();
});
