import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { E2E_ADMIN, expectAccessible, logIn, waitForHydration } from "./support";

test.describe.configure({ mode: "serial" });

/** Makes an API key in Admin › API keys and answers its secret, read from the page. */
async function makeKey(page: Page, name: string, scope: "read" | "write"): Promise<string> {
  await page.goto("/admin/api-keys");
  await waitForHydration(page);
  await page.getByLabel("Name (the system that will use it)").fill(name);
  await page.getByLabel("May").selectOption(scope);
  await page.getByRole("button", { name: "Make key" }).click();
  await expect(page.getByRole("heading", { name: `Key “${name}” made` })).toBeVisible();
  const secret = await page.getByLabel("The new key").inputValue();
  expect(secret).toMatch(/^rdk_[A-Za-z0-9_-]{43}$/);
  return secret;
}

function api(request: APIRequestContext, secret: string) {
  const headers = { authorization: `Bearer ${secret}` };
  return {
    get: (path: string) => request.get(path, { headers }),
    put: (path: string, data: unknown) => request.put(path, { headers, data }),
    post: (path: string, data: unknown) => request.post(path, { headers, data }),
  };
}

test("an admin makes an API key, sees it once, and revokes it", async ({ page, request }) => {
  await page.goto("/login?next=/admin/api-keys");
  await logIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const name = `Billing ${Date.now()}`;
  const secret = await makeKey(page, name, "read");
  await expectAccessible(page, "a key just made");

  const calls = api(request, secret);
  expect((await calls.get("/api/v1/orders")).status()).toBe(200);
  // Read-only: it cannot create customers.
  const refused = await calls.put("/api/v1/customers/e2e-1", { name: "Grace Hopper", email: "grace@example.com" });
  expect(refused.status()).toBe(403);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");

  // Shown once: after a reload only its first characters are listed.
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByLabel("The new key")).toHaveCount(0);
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText(`${secret.slice(0, 12)}…`);
  await expect(row).toContainText("read");
  await expect(row).not.toContainText(secret.slice(12));
  await expectAccessible(page, "the list of keys");

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(row.getByText(/^revoked /)).toBeVisible();
  expect((await calls.get("/api/v1/orders")).status()).toBe(401);
});

test("a customer sent by a billing system lands on their order, signed in, once", async ({ page, browser, request }) => {
  await page.goto("/login?next=/admin/api-keys");
  await logIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const calls = api(request, await makeKey(page, `WHMCS ${Date.now()}`, "write"));

  const stamp = Date.now();
  const customer = `whmcs-${stamp}`;
  const put = await calls.put(`/api/v1/customers/${customer}`, {
    name: "Grace Hopper",
    email: `grace.${stamp}@example.com`,
  });
  expect(put.status()).toBe(201);
  const domain = `billed-${stamp}.av.tr`;
  const placed = await calls.post("/api/v1/orders", { customer, external_id: `inv-${stamp}`, domain });
  expect(placed.status()).toBe(201);
  const order = await placed.json();
  expect(order.status).toBe("awaiting_documents");
  const made = await calls.post(`/api/v1/customers/${customer}/sign-in-links`, { order_id: order.id });
  expect(made.status()).toBe(201);
  const link = new URL((await made.json()).url);

  // The customer's browser, with no session of its own.
  const customerPage = await (await browser.newContext()).newPage();
  await customerPage.goto(link.pathname);
  await expect(customerPage).toHaveURL(new RegExp(`/orders/${order.id}$`));
  await expect(customerPage.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await expect(customerPage.getByText("In progress — awaiting documents").first()).toBeVisible();
  await expect(customerPage.getByRole("banner")).toContainText("Grace Hopper");
  await waitForHydration(customerPage);
  await expectAccessible(customerPage, "an order opened through a sign-in link");

  // The link worked once; the order shows the billing system in its trail to admins.
  const again = await (await browser.newContext()).newPage();
  await again.goto(link.pathname);
  await expect(again).toHaveURL(/\/login\?link=expired$/);
  await expect(again.getByText("This sign-in link was used already or has expired.")).toBeVisible();
  await expectAccessible(again, "an expired sign-in link");

  const read = await (await calls.get(`/api/v1/orders/${order.id}`)).json();
  expect(read.trail[0].actor).toMatch(/^API key “WHMCS \d+”$/);
});
