import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { PDF_HEAD, dropFile, expectAccessible, newCustomer, waitForHydration } from "./support";

// The customer's upload flow in a real browser: the progress bar seen moving on a
// throttled network, cancelling in flight, the file picker, several pictures at once
// with thumbnails (their object URLs let go afterwards), and the server's own answers
// (the item full, the quota used up) shown in the drop zone. The .av.tr proof takes up
// to three PDF, JPEG or PNG files of 10 MB; the e2e server's quota is 12 MB a customer.

const PASSWORD = "correct horse battery staple";
const PROOF = "Proof of eligibility";
const ITEM = "eligibility_documents";

declare global {
  interface Window {
    objectUrls: { created: string[]; revoked: string[] };
  }
}

/** A new customer's new .av.tr order, open and hydrated; object URLs are recorded. */
async function customerWithOrder(browser: Browser, name: string, prefix: string): Promise<{ page: Page; proof: Locator; url: string }> {
  const page = await (await browser.newContext()).newPage();
  await page.addInitScript(() => {
    const create = URL.createObjectURL.bind(URL);
    const revoke = URL.revokeObjectURL.bind(URL);
    window.objectUrls = { created: [], revoked: [] };
    URL.createObjectURL = (object: Blob | MediaSource) => {
      const url = create(object);
      window.objectUrls.created.push(url);
      return url;
    };
    URL.revokeObjectURL = (url: string) => {
      window.objectUrls.revoked.push(url);
      revoke(url);
    };
  });
  await newCustomer(browser, page, name, PASSWORD);
  const domain = `${prefix}-${Date.now()}.av.tr`;
  await page.goto(`/orders?domain=${domain}`);
  await page.getByRole("button", { name: `Order ${domain}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await waitForHydration(page);
  return { page, proof: page.getByRole("region", { name: PROOF }), url: page.url() };
}

/** Throttles the page's uploads to `kbPerSecond` through the DevTools protocol (0: off). */
async function throttleUploads(page: Page, kbPerSecond: number) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: kbPerSecond ? 20 : 0,
    downloadThroughput: -1,
    uploadThroughput: kbPerSecond ? kbPerSecond * 1024 : -1,
  });
}

/** A PNG of `width` × `height` noisy pixels (noise does not compress: a big file). */
async function noisyPng(page: Page, width: number, height: number): Promise<Buffer> {
  const base64 = await page.evaluate(
    ([w, h]) => {
      const canvas = document.createElement("canvas");
      canvas.width = w;
      canvas.height = h;
      const context = canvas.getContext("2d")!;
      const pixels = context.createImageData(w, h);
      for (let i = 0; i < pixels.data.length; i++) pixels.data[i] = i % 4 === 3 ? 255 : Math.floor(Math.random() * 256);
      context.putImageData(pixels, 0, 0);
      return canvas.toDataURL("image/png").split(",")[1];
    },
    [width, height],
  );
  return Buffer.from(base64, "base64");
}

/** The progress bar's value, once it is between 0 and 1 exclusive. */
async function seenMidway(bar: Locator): Promise<number> {
  let seen = 0;
  await expect
    .poll(
      async () => {
        seen = await bar.evaluate((b) => (b as HTMLProgressElement).value);
        return seen > 0.02 && seen < 0.98;
      },
      { intervals: [50], timeout: 20_000 },
    )
    .toBe(true);
  return seen;
}

test("uploads show their progress, can be cancelled, and pictures from the file picker show thumbnails", async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, proof, url } = await customerWithOrder(browser, "Selin Avukat", "upload");
  await throttleUploads(page, 256);

  // A 1 MB PDF at 256 KB/s: the bar is seen between 0 and 100 %, with its percentage.
  await dropFile(page, ITEM, "registry-extract.pdf", "application/pdf", PDF_HEAD, 1024 * 1024);
  const bar = proof.getByRole("progressbar", { name: "Uploading registry-extract.pdf" });
  const midway = await seenMidway(bar);
  await expectAccessible(page, "an upload in progress");
  await expect(proof.locator(".document.uploading")).toContainText(/\d+%/);
  expect(midway).toBeGreaterThan(0);
  await expect(proof.getByRole("link", { name: "registry-extract.pdf" })).toBeVisible({ timeout: 20_000 });

  // Another one, cancelled half-way: its line goes and nothing is stored.
  await dropFile(page, ITEM, "wrong-file.pdf", "application/pdf", PDF_HEAD, 1024 * 1024);
  await seenMidway(proof.getByRole("progressbar", { name: "Uploading wrong-file.pdf" }));
  await proof.getByRole("button", { name: "Cancel" }).click();
  await expect(proof.getByText("wrong-file.pdf")).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "The upload of wrong-file.pdf was cancelled." })).toBeAttached();

  // Two pictures through the file picker, uploading side by side, each
  // with its thumbnail; one finishing first does not lose the other's line.
  const front = await noisyPng(page, 420, 300);
  const back = await noisyPng(page, 300, 420);
  // The file picker opens from the keyboard: the drop zone's button, then Enter.
  const chooser = page.waitForEvent("filechooser");
  await proof.getByRole("button", { name: `Choose files for ${PROOF}` }).focus();
  await page.keyboard.press("Enter");
  await (await chooser).setFiles([
    { name: "card-front.png", mimeType: "image/png", buffer: front },
    { name: "card-back.png", mimeType: "image/png", buffer: back },
  ]);
  const thumbnails = proof.locator("img.thumb");
  await expect(thumbnails).toHaveCount(2);
  for (const src of await thumbnails.evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src))) {
    expect(src).toMatch(/^blob:/);
  }
  await expect(proof.getByRole("progressbar")).toHaveCount(2);
  await expect(proof.getByRole("link", { name: "card-front.png" })).toBeVisible({ timeout: 30_000 });
  await expect(proof.getByRole("link", { name: "card-back.png" })).toBeVisible({ timeout: 30_000 });
  // Screen readers hear of it once, in the page's polite status region.
  await expect(page.locator("#upload-news")).toHaveText(/^card-(front|back)\.png uploaded\.$/);

  // Once stored, the lines and their thumbnails go: every object URL is let go.
  await expect(thumbnails).toHaveCount(0);
  await expect
    .poll(() => page.evaluate(() => window.objectUrls.created.filter((u) => !window.objectUrls.revoked.includes(u)).length))
    .toBe(0);
  expect(await page.evaluate(() => window.objectUrls.created.length)).toBe(2);

  // What the server kept: three documents, not the cancelled one.
  await throttleUploads(page, 0);
  await page.goto(url);
  await expect(proof.locator(".documents .doc-name")).toHaveText(["registry-extract.pdf", "card-front.png", "card-back.png"]);
  await expect(proof).toContainText("420 × 300 pixels");
  // The page loaded from the server is live: a document can be removed.
  await waitForHydration(page);
  await proof.getByRole("button", { name: "Remove card-back.png" }).click();
  await expect(proof.locator(".documents .doc-name")).toHaveText(["registry-extract.pdf", "card-front.png"]);
  // The focus stays in the item: on its drop zone's button.
  await expect(proof.getByRole("button", { name: `Choose files for ${PROOF}` })).toBeFocused();
});

test("the drop zone shows the server's answers: the item is full, the quota is used up", async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, proof, url } = await customerWithOrder(browser, "Emre Avukat", "quota");

  // 9 MB stored; 5 MB more is within the item's 10 MB but not the 12 MB quota: the
  // server says so, in the drop zone.
  await dropFile(page, ITEM, "archive.pdf", "application/pdf", PDF_HEAD, 9 * 1024 * 1024);
  await expect(proof.getByRole("link", { name: "archive.pdf" })).toBeVisible({ timeout: 20_000 });
  await dropFile(page, ITEM, "annex.pdf", "application/pdf", PDF_HEAD, 5 * 1024 * 1024);
  await expect(proof.getByRole("alert")).toContainText("does not fit in what is left of your storage quota (3 MB left)");
  await expectAccessible(page, "the server's refusal in the drop zone");
  await proof.getByRole("button", { name: "Dismiss" }).click();

  // A second tab that does not hear of changes (its event stream is cut) still shows
  // one free place after the first tab filled it: the browser lets its file go, the
  // server refuses it, and the drop zone says why.
  await dropFile(page, ITEM, "letter.pdf", "application/pdf", PDF_HEAD, 20 * 1024);
  await expect(proof.getByRole("link", { name: "letter.pdf" })).toBeVisible();
  const second = await page.context().newPage();
  await second.route("**/events", (route) => route.abort());
  await second.goto(url);
  await waitForHydration(second);
  const proofThere = second.getByRole("region", { name: PROOF });
  await expect(proofThere.locator(".documents .doc-name")).toHaveCount(2);
  await dropFile(page, ITEM, "statement.pdf", "application/pdf", PDF_HEAD, 20 * 1024);
  await expect(proof.getByRole("link", { name: "statement.pdf" })).toBeVisible();
  await dropFile(second, ITEM, "late.pdf", "application/pdf", PDF_HEAD, 20 * 1024);
  await expect(proofThere.getByRole("alert")).toHaveText("This item takes at most 3 files; remove one first.");
  await second.reload();
  await expect(proofThere.locator(".documents .doc-name")).toHaveText(["archive.pdf", "letter.pdf", "statement.pdf"]);
});
