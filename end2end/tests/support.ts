import { expect, type Page } from "@playwright/test";

/** The admin the end-to-end server is started with (see playwright.config.ts). */
export const E2E_ADMIN = { email: "admin@e2e.test", password: "e2e admin passphrase" };

/** Waits until the browser has hydrated the server-rendered page. */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator(".page[data-hydrated='true']")).toBeAttached();
}

/** An e-mail address no other test run has used. */
export function uniqueEmail(name: string): string {
  return `${name}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.com`;
}

/** Signs up through the form; ends on the sign-in page. */
export async function signUp(page: Page, name: string, email: string, password: string): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/login\?welcome=1/);
}

/** Signs in through the form. */
export async function logIn(page: Page, email: string, password: string): Promise<void> {
  if (!page.url().includes("/login")) {
    await page.goto("/login");
  }
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
