import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { expectAccessible, newCustomer, waitForHydration } from "./support";

test("a customer downloads everything regdocs holds about them", async ({ page, browser }) => {
  await newCustomer(browser, page, "Ada Lovelace", "correct horse battery staple");
  const domain = `exported-${Date.now()}.av.tr`;
  await page.goto(`/orders?domain=${domain}`);
  await page.getByRole("button", { name: `Order ${domain}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();

  await page.goto("/account");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { name: "Your data" })).toBeVisible();
  await expectAccessible(page, "the account page with the export");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download my data (ZIP)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^regdocs-export-\d{4}-\d{2}-\d{2}\.zip$/);
  const bytes = await readFile(await download.path());
  // A ZIP (local file header "PK\x03\x04") holding the manifest.
  expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  expect(bytes.includes(Buffer.from("manifest.json"))).toBe(true);
  // The page is still there: the download did not navigate away.
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
});

test("a customer deletes their account and is signed out for good", async ({ page, browser }) => {
  const email = await newCustomer(browser, page, "Grace Hopper", "correct horse battery staple");
  await page.goto("/account");
  await waitForHydration(page);
  await page.getByLabel(`Type ${email} to confirm`).fill("someone.else@example.com");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByText("Type your e-mail address exactly as above to confirm.")).toBeVisible();
  await expectAccessible(page, "a refused account deletion");
  await page.getByLabel(`Type ${email} to confirm`).fill(email);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/login\?deleted=1$/);
  await expect(page.getByText("Your account was deleted, with your documents and personal data.")).toBeVisible();
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill("correct horse battery staple");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("The e-mail address or the password is not right.")).toBeVisible();
});
