import { expect, test } from "@playwright/test";
import { E2E_ADMIN, confirmEmail, expectAccessible, logIn, signUp, uniqueEmail, waitForHydration } from "./support";

const PASSWORD = "correct horse battery staple";

test("a customer signs up, logs out and logs in again", async ({ page }) => {
  const email = uniqueEmail("ada");

  await signUp(page, "Ada Lovelace", email, PASSWORD);
  await expect(page.getByText("Thanks for signing up.")).toBeVisible();
  await expectAccessible(page, "the sign-in page after signing up");

  await logIn(page, email, PASSWORD);
  const header = page.getByRole("banner");
  await expect(header.getByRole("link", { name: "Signed in as Ada Lovelace" })).toBeVisible();
  await expect(header.getByRole("link", { name: "Admin" })).toHaveCount(0);

  await header.getByRole("button", { name: "Log out" }).click();
  await expect(header.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(header.getByText("Ada Lovelace")).toHaveCount(0);

  await logIn(page, email, PASSWORD);
  await expect(header.getByRole("link", { name: "Signed in as Ada Lovelace" })).toBeVisible();
});

test("a wrong password is refused with the same message as an unknown address", async ({ page }) => {
  await page.goto("/login");
  await waitForHydration(page);
  await logIn(page, E2E_ADMIN.email, "not the password at all");
  const alert = page.getByRole("alert").filter({ hasText: "not right" });
  await expect(alert).toHaveText("The e-mail address or the password is not right.");

  await page.getByLabel("E-mail address").fill(uniqueEmail("nobody"));
  await expectAccessible(page, "the sign-in form with an error");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert).toHaveText("The e-mail address or the password is not right.");
});

test("the sign-up form explains a too-short password beside the field", async ({ page }) => {
  await page.goto("/signup");
  await waitForHydration(page);

  await page.getByLabel("Password").fill("short");
  await page.getByLabel("Password").blur();

  await expect(page.locator("#password-error")).toHaveText(/Use at least 12 characters/);
  await expectAccessible(page, "the sign-up form with an error");
});

test("a customer who opens /admin is refused", async ({ page }) => {
  const email = uniqueEmail("mallory");
  await signUp(page, "Mallory", email, PASSWORD);
  await logIn(page, email, PASSWORD);
  await expect(page.getByRole("link", { name: "Signed in as Mallory" })).toBeVisible();

  const response = await page.goto("/admin");

  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "This area is for admins only" })).toBeVisible();
  await expectAccessible(page, "the admins-only page");
  await expect(page.getByText("Customers")).toHaveCount(0);
});

test("an admin is sent to sign in and then reaches the admin overview", async ({ page }) => {
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login\?next=\/admin/);

  await logIn(page, E2E_ADMIN.email, E2E_ADMIN.password);

  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByText("Extensions on offer")).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("sign-up and sign-in forms still work, errors included", async ({ page }) => {
    const email = uniqueEmail("nojs");
    await signUp(page, "No Script", email, PASSWORD);

    await logIn(page, email, "a wrong password here");
    await expect(page.getByText("The e-mail address or the password is not right.")).toBeVisible();

    await logIn(page, email, PASSWORD);
    await expect(page.getByRole("link", { name: "Signed in as No Script" })).toBeVisible();
  });
});

test("a new customer confirms their address through the e-mailed link before ordering", async ({ page, browser }) => {
  const email = uniqueEmail("grace");
  await signUp(page, "Grace Hopper", email, PASSWORD);
  await expect(page.getByText("We sent you a link to confirm your e-mail address")).toBeVisible();
  await page.goto("/login?next=/orders");
  await logIn(page, email, PASSWORD);
  const notice = page.getByRole("region", { name: "Please confirm your e-mail address" });
  await expect(notice).toContainText(email);
  await waitForHydration(page);

  // Ordering waits for the confirmation.
  const domain = `unconfirmed-${Date.now()}.com`;
  await page.goto(`/orders?domain=${domain}`);
  await waitForHydration(page);
  await page.getByRole("button", { name: `Order ${domain}` }).click();
  await expect(page.getByText("Please confirm your e-mail address first")).toBeVisible();
  await notice.getByRole("button", { name: "Send the link again" }).click();
  await expect(notice.getByText("Sent. Look in your inbox")).toBeVisible();

  await confirmEmail(browser, page, email);
  await page.goto(`/orders?domain=${domain}`);
  await expect(page.getByRole("region", { name: "Please confirm your e-mail address" })).toHaveCount(0);
  await page.getByRole("button", { name: `Order ${domain}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();
});

test("a forged confirmation link is refused", async ({ page }) => {
  await page.goto("/verify-email?token=1.9999999999.forged");
  await expect(page.getByRole("alert")).toContainText("This confirmation link is not valid");
});
