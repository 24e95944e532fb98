import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN, expectAccessible, logIn, waitForHydration } from "./support";

async function openNewDefinition(page: Page, extension: string): Promise<void> {
  await page.goto("/login?next=/admin/documents");
  await logIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByRole("heading", { name: "Domain doc management" })).toBeVisible();
  await waitForHydration(page);
  await page.getByRole("link", { name: "+ Add an extension that requires documents" }).click();
  await expect(page.getByRole("heading", { name: "Add an extension that requires documents" })).toBeVisible();
  await page.getByLabel("Domain extension").selectOption({ label: extension });
  await page.getByRole("button", { name: "Import the standard requirements" }).click();
  await expect(page.getByText("Imported the standard requirements")).toBeVisible();
}

test("an admin adds .us from its preset with a proof-of-presence document for C31/C32", async ({ page }) => {
  await openNewDefinition(page, ".us");
  await expect(page.getByRole("group", { name: "Item 3" }).getByLabel("Label")).toHaveValue("Nexus country");

  await page.getByRole("button", { name: "+ Add item" }).click();
  const proof = page.getByRole("group", { name: "Item 4" });
  await proof.getByLabel("Label").fill("Proof of US presence");
  await proof.getByLabel("Key").fill("us_presence_proof");
  await proof.getByLabel("Detailed explanation").fill("A lease, utility bill or bank statement showing your US address.");
  await proof.getByLabel("Kind").selectOption({ label: "Document upload" });
  await proof.getByLabel("JPEG").uncheck();
  await proof.getByLabel("PNG").uncheck();
  await expect(proof.getByLabel("PDF")).toBeChecked();
  await proof.getByLabel("Largest file (MB)").fill("5");
  await proof.getByLabel("Document kind").selectOption({ label: "Proof of address" });
  await proof.getByLabel("Valid for (days after approval)").fill("365");
  await proof.getByLabel("Only under a condition").check();
  await proof.getByLabel("Item", { exact: true }).selectOption({ label: "Nexus category" });
  await proof.getByLabel(/^C31/).check();
  await proof.getByLabel(/^C32/).check();
  await expectAccessible(page, "the definition editor, filled in");
  await page.getByRole("button", { name: "Save requirements" }).click();

  await expect(page).toHaveURL(/\/admin\/documents$/);
  const row = page.getByRole("row", { name: /^\.us/ });
  await expect(row.getByRole("cell").nth(0)).toHaveText("4");
  await expect(row.getByRole("cell").nth(1)).toHaveText("1");
  await expect(row).toContainText("From preset “Registry presets (register by hand)”, edited");
  await expectAccessible(page, "the list of required documents");

  // Customers see it before ordering.
  await page.goto("/extensions/us");
  const proofInfo = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: "Proof of US presence" }) });
  await expect(proofInfo.getByText("Asked for only when “Nexus category” is C31 or C32.")).toBeVisible();
  await expect(
    proofInfo.getByText("Required · Document upload (Proof of address): 1 file, PDF, up to 5 MB each; an approval stays valid for 365 days"),
  ).toBeVisible();
  await expectAccessible(page, "an extension's public page");
});

test("a duplicate key is shown beside the field and nothing is saved", async ({ page }) => {
  await openNewDefinition(page, ".ca");

  await page.getByRole("button", { name: "+ Add item" }).click();
  const extra = page.getByRole("group", { name: "Item 4" });
  await extra.getByLabel("Label").fill("Language, again");
  await extra.getByLabel("Key").fill("language");
  await page.getByRole("button", { name: "Save requirements" }).click();

  await expect(extra.getByText("Another item already uses this key.")).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "Please correct the marked fields." })).toBeVisible();
  await expectAccessible(page, "the definition editor with an error");
  await expect(page).toHaveURL(/\/admin\/documents\/new$/);
  await page.goto("/admin/documents");
  await expect(page.getByRole("row", { name: /^\.ca/ })).toHaveCount(0);
});

test("adding an extension whose module knows its requirements offers to set them up", async ({ page }) => {
  await page.goto("/login?next=/admin/extensions");
  await logIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByRole("heading", { name: "Extensions", exact: true })).toBeVisible();
  await waitForHydration(page);

  await page.getByLabel("Extension", { exact: true }).fill(".NYC");
  await page.getByRole("button", { name: "Add extension" }).click();

  await expect(page.getByRole("row", { name: /^\.nyc/ })).toBeVisible();
  await expect(page.getByText("Added .nyc.")).toBeVisible();
  await expectAccessible(page, "the extensions page");
  await page.getByRole("link", { name: "Set up its requirements" }).click();
  await expect(page.getByLabel("Domain extension")).toHaveValue(/\d+/);
  await page.getByRole("button", { name: "Import the standard requirements" }).click();
  await expect(page.getByRole("group", { name: "Item 2" }).getByLabel("Label")).toHaveValue("Street address in New York City");
});
