// Looks at the review queue at scale: screenshots of its first page and of the page
// after it, as an admin sees them. Usage: node shot-queue.cjs <base> <admin cookie> <dir>
const { chromium } = require("@playwright/test");
const [base, cookie, dir] = process.argv.slice(2);
(async () => {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const [name, value] = cookie.split("=");
  await context.addCookies([{ name, value, url: base }]);
  const page = await context.newPage();
  await page.goto(`${base}/admin/reviews`);
  await page.locator(".page[data-hydrated='true']").waitFor({ state: "attached" });
  await page.screenshot({ path: `${dir}/queue-first.png`, fullPage: true });
  await page.getByRole("link", { name: "Next" }).click();
  await page.waitForURL(/after=/);
  await page.getByRole("link", { name: "Previous" }).waitFor();
  await page.screenshot({ path: `${dir}/queue-next.png`, fullPage: true });
  await browser.close();
})();
