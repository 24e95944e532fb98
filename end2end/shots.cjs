// Screenshots of every page for a person to look at: `node shots.cjs [baseURL] [outDir]`.
// Not a test; needs a running server and an admin's credentials in SHOT_ADMIN_EMAIL /
// SHOT_ADMIN_PASSWORD (the customer's confirmation link is read from the admin's outbox;
// see README, "Looking at the pages").
const { chromium } = require("@playwright/test");

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const out = process.argv[3] ?? "screenshots";
// A small but real PDF, so that the admin's preview shows a page.
const REAL_PDF = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 420] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>\nendobj\n4 0 obj\n<< /Length 163 >>\nstream\nBT /F1 28 Tf 60 330 Td (Istanbul Barosu) Tj /F1 18 Tf 0 -50 Td (Baro sicil belgesi - registration certificate) Tj 0 -30 Td (Av. Grace Hopper, sicil no 12345) Tj ET\nendstream\nendobj\n5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\nxref\n0 6\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n0000000241 00000 n \n0000000455 00000 n \ntrailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n525\n%%EOF\n";
const admin = { email: process.env.SHOT_ADMIN_EMAIL, password: process.env.SHOT_ADMIN_PASSWORD };

async function shoot(page, path, name) {
  await page.goto(base + path);
  await page.locator(".page[data-hydrated='true']").waitFor({ state: "attached" });
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
}

async function logIn(page, email, password) {
  await page.goto(base + "/login");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Log out" }).waitFor();
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  const desktop = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await shoot(desktop, "/", "home");
  await desktop.getByLabel("Domain name").fill("example.com.au");
  await desktop.screenshot({ path: `${out}/home-checker.png` });
  await shoot(desktop, "/login", "login");
  await shoot(desktop, "/signup", "signup");
  await desktop.getByLabel("Password").fill("short");
  await desktop.getByLabel("Password").blur();
  await desktop.screenshot({ path: `${out}/signup-error.png`, fullPage: true });
  await shoot(desktop, "/nowhere", "not-found");
  await shoot(desktop, "/extensions/cn", "extension-cn");
  if (!admin.email) {
    throw new Error("set SHOT_ADMIN_EMAIL and SHOT_ADMIN_PASSWORD");
  }
  {
    await logIn(desktop, admin.email, admin.password);
    await shoot(desktop, "/admin", "admin");
    await shoot(desktop, "/account", "account");
    await shoot(desktop, "/admin/extensions", "admin-extensions");
    await shoot(desktop, "/admin/documents", "admin-documents");
    await shoot(desktop, "/admin/documents/1", "admin-definition-cn");
    await shoot(desktop, "/admin/documents/new", "admin-definition-new");
    await desktop.getByLabel("Domain extension").selectOption({ label: ".us" });
    await desktop.getByRole("button", { name: "Import the standard requirements" }).click();
    await desktop.getByText("Imported the standard requirements").waitFor();
    await desktop.screenshot({ path: `${out}/admin-definition-us.png`, fullPage: true });
  }
  // A customer with an order of a domain whose extension needs documents.
  const customer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const email = `shot.${Date.now()}@example.com`;
  await customer.goto(base + "/signup");
  await customer.getByLabel("Your name").fill("Grace Hopper");
  await customer.getByLabel("E-mail address").fill(email);
  await customer.getByLabel("Password").fill("correct horse battery staple");
  await customer.getByRole("button", { name: "Create account" }).click();
  await customer.waitForURL(/login/);
  await customer.screenshot({ path: `${out}/login-after-signup.png`, fullPage: true });
  await logIn(customer, email, "correct horse battery staple");
  await shoot(customer, "/orders", "orders-unconfirmed");
  // The confirmation link, from the outbox (no mail leaves a test server).
  await desktop.goto(base + "/admin/outbox");
  const body = await desktop
    .locator(".outbox-message")
    .filter({ hasText: email })
    .filter({ hasText: "Confirm your e-mail address" })
    .first()
    .locator(".mail-body")
    .textContent();
  const link = body.match(/https?:\/\/\S+\/verify-email\?token=\S+/)[0];
  await shoot(customer, link.replace(/^https?:\/\/[^/]+/, ""), "verify-email");
  await shoot(customer, "/verify-email?token=1.1.forged", "verify-email-invalid");
  await customer.goto(base + "/orders?domain=example.cn");
  await customer.screenshot({ path: `${out}/orders-check.png`, fullPage: true });
  await customer.getByRole("button", { name: "Order example.cn" }).click();
  await customer.getByRole("heading", { level: 1, name: "example.cn" }).waitFor();
  await customer.locator(".page[data-hydrated='true']").waitFor({ state: "attached" });
  await customer.getByLabel("Document type", { exact: true }).selectOption("HZ");
  await customer.locator(".dropzone").evaluate((zone) => {
    const t = new DataTransfer();
    t.items.add(new File([new Uint8Array(5 * 1024 * 1024)], "far-too-big.jpg", { type: "image/jpeg" }));
    zone.dispatchEvent(new DragEvent("drop", { dataTransfer: t, bubbles: true, cancelable: true }));
  });
  await customer.getByText("Too large").waitFor();
  await customer.screenshot({ path: `${out}/order-page.png`, fullPage: true });
  await customer.getByText("Cancel this order").click();
  await customer.getByLabel("Why (optional)").fill("Ordered the wrong name");
  await customer.locator(".cancel-order").screenshot({ path: `${out}/order-cancel-open.png` });
  await customer.getByRole("button", { name: "Cancel the order" }).click();
  await customer.getByText("This order was cancelled.").waitFor();
  await customer.screenshot({ path: `${out}/order-cancelled.png`, fullPage: true });
  // An order an admin cancels, with a statement the customer sees.
  await customer.goto(base + "/orders?domain=example.com");
  await customer.getByRole("button", { name: "Order example.com" }).click();
  await customer.getByRole("heading", { level: 1, name: "example.com" }).waitFor();
  await customer.locator(".page[data-hydrated='true']").waitFor({ state: "attached" });
  const comId = customer.url().split("/").pop();
  await shoot(desktop, `/admin/orders/${comId}`, "admin-order-ready");
  await desktop.getByText("Cancel this order").click();
  await desktop.getByLabel("Statement for the customer").fill("The name is reserved by the registry; we have refunded you.");
  await desktop.locator(".cancel-order").screenshot({ path: `${out}/admin-order-cancel-open.png` });
  await desktop.getByRole("button", { name: "Cancel the order" }).click();
  await desktop.getByText("Cancelled. The customer was told").waitFor();
  await desktop.screenshot({ path: `${out}/admin-order-cancelled.png`, fullPage: true });
  await customer.getByText("Reason: The name is reserved").waitFor();
  await customer.screenshot({ path: `${out}/order-cancelled-by-admin.png`, fullPage: true });
  await customer.goto(base + "/orders");
  await customer.screenshot({ path: `${out}/orders-list.png`, fullPage: true });

  // A submitted .av.tr order, as the customer and as the reviewing admin see it.
  await customer.goto(base + "/orders?domain=example.av.tr");
  await customer.getByRole("button", { name: "Order example.av.tr" }).click();
  await customer.getByRole("heading", { level: 1, name: "example.av.tr" }).waitFor();
  await customer.locator(".page[data-hydrated='true']").waitFor({ state: "attached" });
  await customer.getByLabel("Turkish identity number (T.C. Kimlik No)", { exact: true }).fill("10000000146");
  await customer.locator(".dropzone").evaluate((zone, pdf) => {
    const t = new DataTransfer();
    t.items.add(new File([pdf], "baro-belgesi.pdf", { type: "application/pdf" }));
    zone.dispatchEvent(new DragEvent("drop", { dataTransfer: t, bubbles: true, cancelable: true }));
  }, REAL_PDF);
  await customer.getByText("Uploaded").waitFor();
  await customer.screenshot({ path: `${out}/order-uploaded.png`, fullPage: true });
  await customer.getByRole("button", { name: "Submit for review" }).click();
  await customer.getByText("Submitted. Your order is now under review.").waitFor();
  await customer.screenshot({ path: `${out}/order-submitted.png`, fullPage: true });
  if (admin.email) {
    await shoot(desktop, "/admin/reviews", "admin-reviews");
    await desktop.getByRole("link", { name: "example.av.tr" }).click();
    await desktop.getByRole("heading", { level: 1, name: "example.av.tr" }).waitFor();
    await desktop.waitForTimeout(2000); // the PDF viewer draws the page a moment later
    await desktop.screenshot({ path: `${out}/admin-order-review.png`, fullPage: true });
    // A reason template, used to reject the document; then approval and registration.
    await shoot(desktop, "/admin/reasons", "admin-reasons-empty");
    await desktop.getByLabel("Title (only admins see it)").fill("Outdated certificate");
    await desktop.getByLabel("Statement the customer reads").fill("The certificate is older than six months; please upload a current one.");
    await desktop.getByRole("button", { name: "Add template" }).click();
    await desktop.getByText("Outdated certificate").waitFor();
    await desktop.screenshot({ path: `${out}/admin-reasons.png`, fullPage: true });
    await desktop.goto(base + "/admin/reviews");
    await desktop.getByRole("link", { name: "example.av.tr" }).click();
    await desktop.locator(".page[data-hydrated='true']").waitFor({ state: "attached" });
    await desktop.getByLabel("Saved reason for Proof of eligibility").selectOption({ label: "Outdated certificate" });
    await desktop.getByRole("button", { name: "Reject Proof of eligibility" }).click();
    await desktop.getByRole("button", { name: "Approve Turkish identity number (T.C. Kimlik No)" }).click();
    await desktop.getByText("Action required").first().waitFor();
    await desktop.screenshot({ path: `${out}/admin-order-rejected.png`, fullPage: true });
    await customer.getByText("Not accepted:").waitFor();
    await customer.screenshot({ path: `${out}/order-rejected.png`, fullPage: true });
    await customer.locator(".dropzone").evaluate((zone, pdf) => {
      const t = new DataTransfer();
      t.items.add(new File([pdf], "baro-belgesi-2026.pdf", { type: "application/pdf" }));
      zone.dispatchEvent(new DragEvent("drop", { dataTransfer: t, bubbles: true, cancelable: true }));
    }, REAL_PDF);
    await customer.getByRole("link", { name: "baro-belgesi-2026.pdf" }).waitFor();
    await customer.getByRole("button", { name: "Submit for review" }).click();
    await customer.getByText("Submitted. Your order is now under review.").waitFor();
    await desktop.reload();
    await desktop.locator(".page[data-hydrated='true']").waitFor({ state: "attached" });
    await desktop.getByRole("button", { name: "Approve Proof of eligibility" }).click();
    await desktop.getByRole("button", { name: "Start registration" }).click();
    await desktop.getByRole("button", { name: "Mark registered" }).waitFor();
    await desktop.screenshot({ path: `${out}/admin-order-registering.png`, fullPage: true });
    await desktop.getByRole("button", { name: "Mark registered" }).click();
    await desktop.getByText("The domain is registered.").waitFor();
    await desktop.screenshot({ path: `${out}/admin-order-registered.png`, fullPage: true });
    await customer.getByText("The domain is registered. Nothing more is needed from you.").waitFor();
    await customer.screenshot({ path: `${out}/order-registered.png`, fullPage: true });
    await shoot(desktop, "/admin/outbox", "admin-outbox");
    await desktop.locator(".outbox-message summary").first().click();
    await desktop.screenshot({ path: `${out}/admin-outbox-open.png`, fullPage: true });
  }
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await shoot(phone, "/", "home-phone");
  await shoot(phone, "/login", "login-phone");
  await browser.close();
})();
