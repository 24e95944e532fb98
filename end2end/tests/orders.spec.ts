import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN, PDF_HEAD, confirmEmail, dropFile, expectAccessible, logIn, signUp, uniqueEmail, waitForHydration } from "./support";

const PASSWORD = "correct horse battery staple";

/** Makes sure .us requires a PDF "Proof of US presence" for nexus C31/C32. */
async function ensureUsRequirements(page: Page): Promise<void> {
  await page.goto("/extensions/us");
  if (await page.getByRole("heading", { name: "Proof of US presence" }).count()) {
    return;
  }
  await page.goto("/login?next=/admin/documents/new");
  await logIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await waitForHydration(page);
  await page.getByLabel("Domain extension").selectOption({ label: ".us" });
  await page.getByRole("button", { name: "Import the standard requirements" }).click();
  await page.getByRole("button", { name: "+ Add item" }).click();
  const proof = page.getByRole("group", { name: "Item 4" });
  await proof.getByLabel("Label").fill("Proof of US presence");
  await proof.getByLabel("Key").fill("us_presence_proof");
  await proof.getByLabel("Kind").selectOption({ label: "Document upload" });
  await proof.getByLabel("JPEG").uncheck();
  await proof.getByLabel("PNG").uncheck();
  await proof.getByLabel("Largest file (MB)").fill("5");
  await proof.getByLabel("Only under a condition").check();
  await proof.getByLabel("Item", { exact: true }).selectOption({ label: "Nexus category" });
  await proof.getByLabel(/^C31/).check();
  await proof.getByLabel(/^C32/).check();
  await page.getByRole("button", { name: "Save requirements" }).click();
  await expect(page).toHaveURL(/\/admin\/documents$/);
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
}


test.describe.configure({ mode: "serial" });

test("a customer orders example.us, supplies everything, and sees it under review", async ({ page, browser }) => {
  await ensureUsRequirements(page);
  const email = uniqueEmail("grace");
  await signUp(page, "Grace Hopper", email, PASSWORD);
  await page.goto("/login?next=/orders");
  await logIn(page, email, PASSWORD);
  await expect(page.getByRole("heading", { name: "My orders" })).toBeVisible();
  await confirmEmail(browser, page, email);
  await page.goto("/orders");

  const domain = `example-${Date.now()}.us`;
  await page.getByLabel("Domain name").fill(domain);
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByText(`${domain} can be ordered.`)).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Nexus category" })).toBeVisible();
  await expectAccessible(page, "the order form with a check result");
  await page.getByRole("button", { name: `Order ${domain}` }).click();

  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await expect(page.getByText("In progress — awaiting documents").first()).toBeVisible();
  await waitForHydration(page);
  await expectAccessible(page, "a new order, nothing supplied yet");

  // Conditional items appear as the customer answers.
  const proof = page.getByRole("region", { name: "Proof of US presence" });
  await expect(proof).toBeHidden();
  await page.getByLabel("Nexus category", { exact: true }).selectOption("C31");
  await expect(proof).toBeVisible();
  await page.getByLabel("Application purpose", { exact: true }).selectOption("P1");
  await page.getByLabel("Nexus country", { exact: true }).selectOption("DE");

  const uploads: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/documents")) uploads.push(r.url());
  });

  // Too big: refused in the browser, before any upload.
  await dropFile(page, "us_presence_proof", "huge.pdf", "application/pdf", PDF_HEAD, 6 * 1024 * 1024);
  await expect(proof.getByText("Too large (6 MB): files may be up to 5 MB.")).toBeVisible();
  await expectAccessible(page, "a file refused in the drop zone");
  expect(uploads).toHaveLength(0);
  await proof.getByRole("button", { name: "Dismiss" }).click();

  // A real PDF: uploads with its progress to the end.
  await dropFile(page, "us_presence_proof", "lease.pdf", "application/pdf", PDF_HEAD, 300 * 1024);
  // When the upload has finished, the document is listed as stored with the item.
  await expect(proof.getByRole("link", { name: "lease.pdf" })).toBeVisible();
  expect(uploads).toHaveLength(1);
  await expectAccessible(page, "an order filled in");

  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByText("Submitted. Your order is now under review.")).toBeVisible();
  await expect(page.getByText("Under review").first()).toBeVisible();
  await expect(page.getByLabel("Nexus category", { exact: true })).toBeDisabled();
  await expectAccessible(page, "an order under review");
});

test("submitting with a missing item marks that item", async ({ page, browser }) => {
  await ensureUsRequirements(page);
  const email = uniqueEmail("alan");
  await signUp(page, "Alan Turing", email, PASSWORD);
  await page.goto("/login?next=/orders");
  await logIn(page, email, PASSWORD);
  await confirmEmail(browser, page, email);
  const domain = `missing-${Date.now()}.us`;
  await page.goto(`/orders?domain=${domain}`);
  await page.getByRole("button", { name: `Order ${domain}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await waitForHydration(page);

  await page.getByLabel("Nexus category", { exact: true }).selectOption("C11");
  await page.getByRole("button", { name: "Submit for review" }).click();

  const purpose = page.getByRole("region", { name: "Application purpose" });
  await expect(purpose.getByText("Please fill this in.")).toBeVisible();
  // The focus moves to the first item at fault.
  await expect(page.getByLabel("Application purpose", { exact: true })).toBeFocused();
  await expect(page.getByText("Some items need your attention")).toBeVisible();
  await expectAccessible(page, "an order with its missing items marked");
  await page.reload();
  await expect(page.getByLabel("Nexus category", { exact: true })).toHaveValue("C11");
});
