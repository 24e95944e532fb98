import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type Locator, type Page } from "@playwright/test";

/** The admin the end-to-end server is started with (see playwright.config.ts). */
export const E2E_ADMIN = { email: "admin@e2e.test", password: "e2e admin passphrase" };
/** A second admin (same password), for two admins working at once. */
export const E2E_REVIEWER = { email: "reviewer@e2e.test", password: "e2e admin passphrase", name: "Ayşe Yılmaz" };

/** The axe-core rule sets of WCAG 2.0, 2.1 and 2.2, levels A and AA. */
const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Runs axe-core's WCAG 2.2 A/AA rules on the page as it is now (`state` names it in the
 * failure), and fails listing each violation with its rule, the elements at fault and
 * the rule's help link.
 */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  // axe-core visits every frame, and a PDF viewer's frame takes the focus when touched:
  // the focus goes back where the person left it, so the test goes on as they would.
  const focused = await page.evaluateHandle(() => document.activeElement);
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  await focused.evaluate((before) => {
    if (document.activeElement !== before) {
      (document.activeElement as HTMLElement | null)?.blur();
      (before as HTMLElement | null)?.focus();
    }
  });
  await focused.dispose();
  const report = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}\n` +
      v.nodes.map((n) => `    ${n.target.join(" ")}: ${(n.failureSummary ?? "").replace(/\s+/g, " ")}`).join("\n"),
  );
  expect(report, `WCAG 2.2 AA violations on ${state}`).toEqual([]);
}

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

/**
 * Opens the confirmation link the server e-mailed to `email`, in `page`. The test server
 * sends no mail (no SMTP server configured): messages are kept in the outbox, which the
 * admin reads in a browser of their own.
 */
export async function confirmEmail(browser: Browser, page: Page, email: string): Promise<void> {
  const context = await browser.newContext();
  const admin = await context.newPage();
  await admin.goto("/login?next=/admin/outbox");
  await logIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  const message = admin
    .locator(".outbox-message")
    .filter({ hasText: email })
    .filter({ hasText: "Confirm your e-mail address" })
    .first();
  const body = (await message.locator(".mail-body").textContent()) ?? "";
  await context.close();
  const link = body.match(/https?:\/\/\S+\/verify-email\?token=\S+/)?.[0];
  expect(link, `a confirmation link for ${email}`).toBeTruthy();
  await page.goto(link!);
  await expect(page.getByText("your e-mail address is confirmed")).toBeVisible();
}

/** Signs up, confirms the address and signs in: a customer who can order. */
export async function newCustomer(browser: Browser, page: Page, name: string, password: string): Promise<string> {
  const email = uniqueEmail(name.split(" ")[0].toLowerCase());
  await signUp(page, name, email, password);
  await logIn(page, email, password);
  await expect(page.getByRole("button", { name: "Log out" })).toBeVisible();
  await confirmEmail(browser, page, email);
  return email;
}

/** The first bytes of a PDF: what the server sniffs. */
export const PDF_HEAD = Array.from(new TextEncoder().encode("%PDF-1.7\n"));

/**
 * Drops a file named `name`, starting with `bytes` and `padTo` bytes long, onto the drop
 * zone of an item, as a browser's drag and drop would.
 */
export async function dropFile(page: Page, itemKey: string, name: string, type: string, bytes: number[], padTo: number) {
  await page.locator(`.dropzone[data-item='${itemKey}']`).evaluate(
    (zone, { name, type, bytes, padTo }) => {
      const data = new Uint8Array(padTo);
      data.set(bytes);
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name, { type }));
      for (const kind of ["dragenter", "dragover", "drop"]) {
        zone.dispatchEvent(new DragEvent(kind, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    },
    { name, type, bytes, padTo },
  );
}

/**
 * Presses Tab until `target` has the focus (as a keyboard user moves through a page), and
 * fails if it is not reached within `most` presses.
 */
export async function tabTo(page: Page, target: Locator, most = 60): Promise<void> {
  for (let pressed = 0; pressed <= most; pressed++) {
    if (await target.evaluate((e) => e === document.activeElement).catch(() => false)) {
      await expectNotObscured(target);
      return;
    }
    await page.keyboard.press("Tab");
  }
  throw new Error(`${target} not reached with ${most} presses of Tab`);
}

/**
 * Fails when `target` (having the focus) is hidden under something else, such as a bar
 * that stays at the bottom of the window (WCAG 2.4.11, focus not obscured): the element
 * at its centre must be itself or inside it.
 */
export async function expectNotObscured(target: Locator): Promise<void> {
  await expect
    .poll(() =>
      target.evaluate((e) => {
        const box = e.getBoundingClientRect();
        const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return top === e || e.contains(top) || (top?.tagName === "LABEL" && (top as HTMLLabelElement).control === e)
          ? "visible"
          : `covered by ${top?.tagName.toLowerCase()}.${top?.className}`;
      }),
      { message: `${target} must not be hidden under another element` },
    )
    .toBe("visible");
}

/**
 * Records, from now on, every text the live region `selector` (outside the part of the
 * page that re-renders) takes; the answer reads what was said so far.
 */
export async function recordAnnouncements(page: Page, selector: string): Promise<() => Promise<string[]>> {
  await page.locator(selector).evaluate((region) => {
    const said: string[] = [];
    (region as HTMLElement & { said?: string[] }).said = said;
    new MutationObserver(() => {
      const text = (region.textContent ?? "").trim();
      if (text && text !== said[said.length - 1]) said.push(text);
    }).observe(region, { childList: true, characterData: true, subtree: true });
  });
  return () => page.locator(selector).evaluate((region) => [...((region as HTMLElement & { said?: string[] }).said ?? [])]);
}
