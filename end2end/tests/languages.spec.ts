import { expect, test } from "@playwright/test";
import { E2E_ADMIN, PDF_HEAD, dropFile, expectAccessible, logIn, uniqueEmail, waitForHydration } from "./support";

const PASSWORD = "correct horse battery staple";

// A browser whose language is Turkish: the pages come in Turkish from the first visit.
test.use({ locale: "tr-TR" });

test("a Turkish customer signs up, orders and uploads in Turkish; switching the language keeps the page and what was typed", async ({ page, browser }) => {
  test.setTimeout(90_000);
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "tr");
  await expect(page.getByRole("navigation", { name: "Ana menü" }).getByRole("link", { name: "Nasıl çalışır" })).toBeVisible();

  const email = uniqueEmail("ayse");
  await page.goto("/signup");
  await page.getByLabel("Adınız ve soyadınız").fill("Ayşe Kaya");
  await page.getByLabel("E-posta adresi").fill(email);
  await page.getByLabel("Şifre").fill(PASSWORD);
  await page.getByRole("button", { name: "Hesap oluştur" }).click();
  await expect(page).toHaveURL(/\/login\?welcome=1/);
  await page.getByLabel("E-posta adresi").fill(email);
  await page.getByLabel("Şifre").fill(PASSWORD);
  await page.getByRole("button", { name: "Giriş yap" }).click();
  await expect(page.getByRole("button", { name: "Çıkış yap" })).toBeVisible();

  // The confirmation e-mail went out in Turkish (the account took the browser's language).
  const adminContext = await browser.newContext({ locale: "en-US" });
  const admin = await adminContext.newPage();
  await admin.goto("/login?next=/admin/outbox");
  await logIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  const message = admin.locator(".outbox-message").filter({ hasText: email }).first();
  await expect(message).toContainText("E-posta adresinizi doğrulayın");
  await expect(message).toContainText("Merhaba Ayşe Kaya,");
  const body = (await message.locator(".mail-body").textContent()) ?? "";
  await adminContext.close();
  const link = body.match(/https?:\/\/\S+\/verify-email\?token=\S+/)?.[0];
  expect(link, "a confirmation link").toBeTruthy();
  await page.goto(link!);
  await expect(page.getByText("e-posta adresiniz doğrulandı")).toBeVisible();

  // The order: Turkish interface and the preset's Turkish item texts.
  const domain = `dil-${Date.now()}.av.tr`;
  await page.goto(`/orders?domain=${domain}`);
  await page.getByRole("button", { name: `${domain} sipariş et` }).click();
  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await waitForHydration(page);
  await expect(page.getByText("Devam ediyor — belgeler bekleniyor").first()).toBeVisible();
  const tckn = page.getByLabel("T.C. Kimlik No", { exact: true });
  // A number one digit short, sent too early: the problems are said in Turkish.
  await tckn.fill("1000000014");
  await page.getByRole("button", { name: "İncelemeye gönder" }).click();
  await expect(page.getByText("T.C. Kimlik No 11 hanelidir; bu numara 10 haneli.")).toBeVisible();
  await expect(page.getByText("Lütfen bu belgeyi yükleyin.").first()).toBeVisible();
  await tckn.fill("10000000146");
  await dropFile(page, "eligibility_documents", "baro-belgesi.pdf", "application/pdf", PDF_HEAD, 20 * 1024);
  await expect(page.getByRole("link", { name: "baro-belgesi.pdf" })).toBeVisible();
  await expectAccessible(page, "an order in Turkish");
  await page.screenshot({ path: "test-results/order-tr.png", fullPage: true });

  // Switching to English re-renders the page in place (its title too): what was typed stays.
  await expect(page).toHaveTitle(`${domain} siparişi · regdocs`);
  const language = page.getByRole("combobox", { name: "Dil" });
  await language.selectOption("en");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page).toHaveTitle(`Order of ${domain} · regdocs`);
  await expect(page.getByRole("button", { name: "Submit for review" })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/orders/\\d+$`));
  await expect(tckn).toHaveValue("10000000146");
  await expect(page.getByRole("link", { name: "baro-belgesi.pdf" })).toBeVisible();

  // ... and back; the choice is kept (a reload stays in Turkish).
  await page.getByRole("combobox", { name: "Language" }).selectOption("tr");
  await expect(page.getByRole("button", { name: "İncelemeye gönder" })).toBeVisible();
  await expect(tckn).toHaveValue("10000000146");
  await page.getByRole("button", { name: "İncelemeye gönder" }).click();
  await expect(page.getByText("Gönderildi. Siparişiniz artık inceleniyor.")).toBeVisible();
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "tr");
  await expect(page.getByText("İncelemede").first()).toBeVisible();
});

test("an English browser gets English, and the header offers Turkish", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-GB" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page).toHaveTitle("Domain document management · regdocs");
  await waitForHydration(page);
  await page.getByRole("combobox", { name: "Language" }).selectOption("tr");
  await expect(page.getByRole("link", { name: "Nasıl çalışır" }).first()).toBeVisible();
  await expect(page).toHaveTitle("Alan adı belge yönetimi · regdocs");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "tr");
  await expect(page).toHaveTitle("Alan adı belge yönetimi · regdocs");
  await context.close();
});

test("an admin gives an extension's texts in Turkish; a Turkish reader sees them, an English one the English", async ({ page, browser }) => {
  const adminContext = await browser.newContext({ locale: "en-US" });
  const admin = await adminContext.newPage();
  await admin.goto("/login?next=/admin/documents");
  await logIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  await admin.getByRole("link", { name: /^Edit \.cn$/ }).click();
  await waitForHydration(admin);
  const first = admin.getByRole("group", { name: "Item 1" });
  const english = await first.getByLabel("Label", { exact: true }).inputValue();
  await first.getByText("Texts in other languages").click();
  await first.getByLabel("Label (Türkçe)").fill("Kayıt sahibinin belge numarası");
  await admin.getByLabel("Details for the customer (Türkçe)").fill("CNNIC, kayıt sahibinin kimliğini belgeyle doğrulatır.");
  await admin.getByRole("button", { name: "Save requirements" }).click();
  await expect(admin).toHaveURL(/\/admin\/documents$/);
  await adminContext.close();

  await page.goto("/extensions/cn");
  await expect(page.getByRole("heading", { name: "Kayıt sahibinin belge numarası" })).toBeVisible();
  await expect(page.getByText("CNNIC, kayıt sahibinin kimliğini belgeyle doğrulatır.")).toBeVisible();

  const englishContext = await browser.newContext({ locale: "en-US" });
  const reader = await englishContext.newPage();
  await reader.goto("/extensions/cn");
  await expect(reader.getByRole("heading", { name: english, exact: true })).toBeVisible();
  await expect(reader.getByText("Kayıt sahibinin belge numarası")).toHaveCount(0);
  await englishContext.close();
});
