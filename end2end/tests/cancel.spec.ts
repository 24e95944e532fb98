import { expect, test } from "@playwright/test";
import { E2E_ADMIN, expectAccessible, logIn, newCustomer, waitForHydration } from "./support";

const PASSWORD = "correct horse battery staple";

test.describe.configure({ mode: "serial" });

test("a customer cancels an order and can order the name again", async ({ page, browser }) => {
  await newCustomer(browser, page, "Ada Lovelace", PASSWORD);
  const domain = `changed-mind-${Date.now()}.av.tr`;
  await page.goto(`/orders?domain=${domain}`);
  await page.getByRole("button", { name: `Order ${domain}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await waitForHydration(page);

  await page.getByText("Cancel this order").click();
  await page.getByLabel("Why (optional)").fill("Ordered the wrong name");
  await page.getByRole("button", { name: "Cancel the order" }).click();
  await expect(page.locator(".order-head").getByText("Cancelled")).toBeVisible();
  await expect(page.getByText("This order was cancelled.")).toBeVisible();
  await expect(page.getByText("Cancel this order")).toHaveCount(0);
  await expectAccessible(page, "a cancelled order");

  // The name is free again.
  await page.goto(`/orders?domain=${domain}`);
  await page.getByRole("button", { name: `Order ${domain}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await expect(page.getByText("In progress — awaiting documents").first()).toBeVisible();
});

test("an admin cancels an order with a statement the customer sees live", async ({ page, browser }) => {
  await newCustomer(browser, page, "Grace Hopper", PASSWORD);
  const domain = `withdrawn-${Date.now()}.av.tr`;
  await page.goto(`/orders?domain=${domain}`);
  await page.getByRole("button", { name: `Order ${domain}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await waitForHydration(page);
  const orderUrl = page.url();
  const id = orderUrl.split("/").pop();

  const admin = await (await browser.newContext()).newPage();
  await admin.goto(`/login?next=/admin/orders/${id}`);
  await logIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(admin.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await waitForHydration(admin);
  await admin.getByText("Cancel this order").click();
  await admin.getByRole("button", { name: "Cancel the order" }).click();
  await expect(admin.getByText("Tell the customer why the order is cancelled.")).toBeVisible();
  const statement = "The bar association list no longer names you; we have refunded the order.";
  await admin.getByLabel("Statement for the customer").fill(statement);
  await admin.getByRole("button", { name: "Cancel the order" }).click();
  await expect(admin.getByText(`Cancelled. The customer was told: ${statement}`)).toBeVisible();

  // The customer's open page changes without a reload.
  await expect(page.getByText(`Reason: ${statement}`)).toBeVisible();
  await expect(page.locator(".order-head").getByText("Cancelled")).toBeVisible();
  expect(page.url()).toBe(orderUrl);

  // And the name can be ordered again.
  await page.goto(`/orders?domain=${domain}`);
  await page.getByRole("button", { name: `Order ${domain}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();
});
