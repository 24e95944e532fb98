import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
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

type Hook = { id: string; timestamp: string; signature: string; body: string };

/** A real webhook receiver on a free loopback port: its URL and what it got. */
async function receiver(): Promise<{ url: string; got: Hook[]; close: () => void }> {
  const got: Hook[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      got.push({
        id: String(req.headers["webhook-id"]),
        timestamp: String(req.headers["webhook-timestamp"]),
        signature: String(req.headers["webhook-signature"]),
        body,
      });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, got, close: () => server.close() };
}

test("an admin adds a webhook endpoint and follows its signed deliveries", async ({ page, request }) => {
  const hooks = await receiver();
  try {
    await page.goto("/login?next=/admin/webhooks");
    await logIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await waitForHydration(page);
    await page.getByLabel("URL").fill(hooks.url);
    // Only placements and cancellations.
    for (const box of await page.getByRole("checkbox").all()) {
      const value = await box.getAttribute("value");
      if (value !== "order.placed" && value !== "order.cancelled") await box.uncheck();
    }
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByRole("heading", { name: "Endpoint added" })).toBeVisible();
    const secret = await page.getByLabel("The endpoint's signing secret").inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expect(page.getByRole("row", { name: new RegExp(hooks.url) })).toContainText("order.placed, order.cancelled");
    await expectAccessible(page, "a webhook endpoint just added");

    const calls = api(request, await makeKey(page, `Hooks ${Date.now()}`, "write"));
    const stamp = Date.now();
    await calls.put(`/api/v1/customers/hook-${stamp}`, { name: "Ada Lovelace", email: `ada.${stamp}@example.com` });
    const placed = await calls.post("/api/v1/orders", {
      customer: `hook-${stamp}`,
      external_id: `hook-inv-${stamp}`,
      domain: `hooked-${stamp}.av.tr`,
    });
    expect(placed.status()).toBe(201);
    const order = await placed.json();

    await expect.poll(() => hooks.got.length, { timeout: 15_000 }).toBe(1);
    const first = hooks.got[0];
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    const expected = createHmac("sha256", key).update(`${first.id}.${first.timestamp}.${first.body}`).digest("base64");
    expect(first.signature).toBe(`v1,${expected}`);
    const event = JSON.parse(first.body);
    expect(event.type).toBe("order.placed");
    expect(event.data.order.id).toBe(order.id);
    expect(event.data.order.external_id).toBe(`hook-inv-${stamp}`);

    await page.goto("/admin/webhooks");
    await waitForHydration(page);
    const line = page.locator(".webhook-delivery").filter({ hasText: new RegExp(`order #${order.id}\\b`) });
    await expect(line.getByText("Delivered", { exact: true })).toBeVisible();
    await line.getByText("Attempts (1)").click();
    await expect(line.getByText(/HTTP 200/)).toBeVisible();
    await expectAccessible(page, "the webhook deliveries");

    await line.getByRole("button", { name: /^Send delivery \d+ again$/ }).click();
    await expect.poll(() => hooks.got.length, { timeout: 15_000 }).toBe(2);
    expect(hooks.got[1].id).toBe(first.id);

    // Turned off, it hears of nothing more.
    await page.goto("/admin/webhooks");
    await waitForHydration(page);
    const endpoint = page.getByRole("row", { name: new RegExp(hooks.url) });
    await endpoint.getByRole("button", { name: `Turn off ${hooks.url}` }).click();
    await expect(endpoint.getByText(/^off since /)).toBeVisible();
    const cancelled = await calls.post(`/api/v1/orders/${order.id}/cancel`, { statement: "Unpaid" });
    expect(cancelled.status()).toBe(200);
    await page.goto("/admin/webhooks");
    await expect(page.locator(".webhook-delivery").filter({ hasText: "order.cancelled" })).toHaveCount(0);
    expect(hooks.got.length).toBe(2);
  } finally {
    hooks.close();
  }
});
