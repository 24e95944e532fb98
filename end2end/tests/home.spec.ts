import { expect, test } from "@playwright/test";
import { expectAccessible, waitForHydration } from "./support";

test("home page explains the service and lists the offered extensions", async ({ page }) => {
  await page.goto("/");

  await expect(page).toHaveTitle("Domain document management · regdocs");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("collected and reviewed");
  await expect(page.getByRole("heading", { name: "How it works" })).toBeVisible();
  const offered = page.getByRole("list", { name: "Offered extensions" });
  await expect(offered.getByRole("listitem")).toContainText([".com", ".us", ".ca", ".eu", ".cn"]);
  await expect(offered.getByText(".av.tr", { exact: true })).toBeVisible();
  await expectAccessible(page, "the home page");
});

test("the domain checker answers as you type once the page is hydrated", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  const field = page.getByLabel("Domain name");
  const verdict = page.getByRole("status");

  await field.fill("Example.US");
  await expect(verdict).toHaveText("example.us: .us is offered here.");

  await field.fill("shop.example.xyz");
  await expect(verdict).toHaveText("shop.example.xyz: this extension is not offered here.");

  await field.fill("bad_name.us");
  await expect(verdict).toContainText("use only letters a–z, digits and hyphens");

  // Internationalised names: the browser applies the server's own rules.
  await field.fill("bücher.com");
  await expect(verdict).toHaveText("bücher.com: .com is offered here.");
  await expectAccessible(page, "the home page with the checker's verdict");
});

test("an unknown address shows the not-found page with a way back", async ({ page }) => {
  const response = await page.goto("/this/does/not/exist");

  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await expectAccessible(page, "the not-found page");
  await page.getByRole("link", { name: "Go to the start page" }).click();
  await expect(page).toHaveURL("/");
});
