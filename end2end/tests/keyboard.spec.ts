import { expect, test } from "@playwright/test";
import { E2E_ADMIN, PDF_HEAD, confirmEmail, expectAccessible, expectNotObscured, logIn, recordAnnouncements, tabTo, uniqueEmail, waitForHydration } from "./support";

// Keyboard all the way: a customer from sign-up to a submitted order without a mouse
// (the file picker too), hearing the upload's completion and the new state in the page's
// live regions; and the definition editor keeping the focus where the work is. (An admin
// reviewing with the keyboard only is in live-review.spec.ts.)

const PASSWORD = "correct horse battery staple";
const TCKN = "Turkish identity number (T.C. Kimlik No)";
const PROOF = "Proof of eligibility";

declare global {
  interface Window {
    pointerEvents: number;
  }
}

test("a customer signs up, orders and submits with the keyboard only", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // Every mouse or touch event the page receives is counted: there must be none.
  await page.addInitScript(() => {
    window.pointerEvents = 0;
    for (const kind of ["pointerdown", "mousedown", "mouseup", "touchstart"]) {
      addEventListener(kind, () => window.pointerEvents++, true);
    }
  });
  const email = uniqueEmail("klavye");

  await page.goto("/signup");
  await waitForHydration(page);
  await tabTo(page, page.getByLabel("Your name"));
  await page.keyboard.type("Kemal Klavye");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("E-mail address")).toBeFocused();
  await page.keyboard.type(email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/login\?welcome=1/);

  // The confirmation link arrives by e-mail (opened as a link from the mail program).
  await confirmEmail(browser, page, email);
  await page.goto("/login?next=/orders");
  await waitForHydration(page);
  await tabTo(page, page.getByLabel("E-mail address"));
  await page.keyboard.type(email);
  await tabTo(page, page.getByLabel("Password"));
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "My orders" })).toBeVisible();
  await waitForHydration(page);

  // Checks a name and orders it.
  const domain = `klavye-${Date.now()}.av.tr`;
  await tabTo(page, page.getByLabel("Domain name"));
  await page.keyboard.type(domain);
  await page.keyboard.press("Enter");
  await expect(page.getByText(`${domain} can be ordered.`)).toBeVisible();
  await tabTo(page, page.getByRole("button", { name: `Order ${domain}` }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await waitForHydration(page);
  const said = await recordAnnouncements(page, "#order-news");

  // Answers, then a document through the file picker opened with Enter.
  await tabTo(page, page.getByLabel(TCKN, { exact: true }));
  await page.keyboard.type("10000000146");
  await tabTo(page, page.getByRole("button", { name: `Choose files for ${PROOF}` }));
  const chooser = page.waitForEvent("filechooser");
  await page.keyboard.press("Enter");
  const pdf = Buffer.alloc(30 * 1024);
  pdf.set(PDF_HEAD);
  await (await chooser).setFiles({ name: "baro-belgesi.pdf", mimeType: "application/pdf", buffer: pdf });
  // A screen reader hears that it arrived, in the page's polite status region.
  await expect(page.getByRole("status").filter({ hasText: "baro-belgesi.pdf uploaded." })).toBeAttached();
  await expect(page.getByRole("link", { name: "baro-belgesi.pdf" })).toBeVisible();

  // Submits, and hears the new state once.
  await tabTo(page, page.getByRole("button", { name: "Submit for review" }));
  await page.keyboard.press("Enter");
  await expect(page.getByText("Submitted. Your order is now under review.")).toBeVisible();
  await expect(page.locator("#order-news")).toHaveText("Order status: Under review.");
  await expectAccessible(page, "an order submitted with the keyboard");
  expect(await said()).toEqual(["Order status: Under review."]);
  expect(await page.evaluate(() => window.pointerEvents)).toBe(0);
});

test("the definition editor keeps the focus where the work is", async ({ page }) => {
  await page.goto("/login?next=/admin/documents/new");
  await logIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByRole("heading", { level: 1, name: "Add an extension that requires documents" })).toBeVisible();
  await waitForHydration(page);

  // Saving without an extension: the focus goes to the field at fault.
  await tabTo(page, page.getByRole("button", { name: "Save requirements" }));
  await page.keyboard.press("Enter");
  await expect(page.getByText("Choose the extension first.")).toBeVisible();
  await expect(page.getByLabel("Domain extension")).toBeFocused();

  // An added item's label takes the focus.
  await tabTo(page, page.getByRole("button", { name: "+ Add item" }));
  await page.keyboard.press("Enter");
  const first = page.getByRole("group", { name: "Item 1" });
  await expect(first.getByLabel("Label")).toBeFocused();
  // Scrolled into view above the bar of actions that stays at the bottom.
  await expectNotObscured(first.getByLabel("Label"));
  await page.keyboard.type("Registrant type");
  await tabTo(page, page.getByRole("button", { name: "+ Add item" }));
  await page.keyboard.press("Enter");
  const second = page.getByRole("group", { name: "Item 2" });
  await expect(second.getByLabel("Label")).toBeFocused();
  await expectNotObscured(second.getByLabel("Label"));
  await page.keyboard.type("Company number");

  // Moving an item keeps the focus on the button pressed, in the item's new place.
  await tabTo(page, second.getByRole("button", { name: "Move item 2 up" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Move item 1 up" })).toBeFocused();
  await expect(page.getByRole("group", { name: "Item 1" }).getByLabel("Label")).toHaveValue("Company number");

  // A select's added option takes the focus too.
  const top = page.getByRole("group", { name: "Item 1" });
  await top.getByLabel("Kind").selectOption({ label: "Choice" });
  await tabTo(page, top.getByRole("button", { name: "+ Add option" }));
  await page.keyboard.press("Enter");
  await expect(top.getByLabel("Value of option 1")).toBeFocused();

  // Removing an item gives the focus to the item now in its place.
  await tabTo(page, top.getByRole("button", { name: "Remove item" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("group", { name: "Item 1" }).getByLabel("Label")).toBeFocused();
  await expect(page.getByRole("group", { name: "Item 1" }).getByLabel("Label")).toHaveValue("Registrant type");
  await expectAccessible(page, "the definition editor after moving and removing items");
  // The last one gone, the focus goes to "add".
  await tabTo(page, page.getByRole("button", { name: "Remove item" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "+ Add item" })).toBeFocused();
});
