// `make bench`, part "bundle": what a real Chromium transfers to show three pages (home,
// a customer's order page, the admin review queue) in fresh browsers (empty cache), read
// from the DevTools protocol. Prints, per page, the raw, gzip and brotli size of its
// code (wasm + js) and of everything it fetched; as the reference, the code of the whole
// app as one visitor would load it without the split.
//
// Usage: node end2end/bench/bundle.cjs <base URL> <customer cookie> <order path> <admin cookie>
const fs = require("node:fs");
const path = require("node:path");
const { chromium } = require("@playwright/test");

const [base, customerCookie, orderPath, adminCookie] = process.argv.slice(2);
const site = path.join(__dirname, "..", "..", "target", "site");

function cookie(text) {
  const [name, value] = text.split("=");
  return { name, value, url: base };
}

/** The size of `file` under target/site, plain and precompressed. */
function onDisk(urlPath) {
  const file = path.join(site, decodeURIComponent(urlPath));
  const size = (f) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  return { raw: size(file), gzip: size(`${file}.gz`), br: size(`${file}.br`) };
}

async function load(browser, url, cookies) {
  const context = await browser.newContext();
  if (cookies) await context.addCookies([cookie(cookies)]);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const requests = new Map();
  cdp.on("Network.requestWillBeSent", (e) => requests.set(e.requestId, { url: e.request.url, raw: 0, transferred: 0, encoding: "" }));
  cdp.on("Network.responseReceived", (e) => {
    const r = requests.get(e.requestId);
    if (r) r.encoding = e.response.headers["content-encoding"] ?? e.response.headers["Content-Encoding"] ?? "";
  });
  cdp.on("Network.dataReceived", (e) => {
    const r = requests.get(e.requestId);
    if (r) r.raw += e.dataLength;
  });
  cdp.on("Network.loadingFinished", (e) => {
    const r = requests.get(e.requestId);
    if (r) r.transferred = e.encodedDataLength;
  });
  await cdp.send("Network.enable");
  await page.goto(base + url);
  await page.locator(".page[data-hydrated='true']").waitFor({ state: "attached", timeout: 60_000 });
  await page.waitForLoadState("networkidle");
  await context.close();
  return [...requests.values()].filter((r) => !new URL(r.url).pathname.startsWith("/events"));
}

const kb = (n) => `${(n / 1024).toFixed(0).padStart(5)} KB`;

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  console.log("bundle: a fresh Chromium loads each page (code = wasm + js; sizes of what it fetched)");
  console.log("  page                       code: raw      gzip    brotli(transferred)   all requests transferred");
  const pages = [
    ["home /", "/", null],
    [`customer ${orderPath}`, orderPath, customerCookie],
    ["admin /admin/reviews", "/admin/reviews", adminCookie],
  ];
  for (const [label, url, cookies] of pages) {
    const fetched = await load(browser, url, cookies);
    const code = fetched.filter((r) => /\/pkg\/.*\.(wasm|js)$/.test(new URL(r.url).pathname));
    let raw = 0, gzip = 0, transferred = 0;
    for (const r of code) {
      const disk = onDisk(new URL(r.url).pathname);
      raw += disk.raw || r.raw;
      gzip += disk.gzip;
      transferred += r.transferred;
    }
    const all = fetched.reduce((sum, r) => sum + r.transferred, 0);
    const encodings = [...new Set(code.map((r) => r.encoding || "none"))].join(",");
    console.log(`  ${label.padEnd(26)} ${kb(raw)}  ${kb(gzip)}  ${kb(transferred)} (${encodings}, ${code.length} files)   ${kb(all)}`);
  }
  // The reference: every piece of code the app has, as one unsplit bundle would ship it.
  let whole = { raw: 0, gzip: 0, br: 0 };
  for (const name of fs.readdirSync(path.join(site, "pkg"))) {
    if (!/\.(wasm|js)$/.test(name)) continue;
    const disk = onDisk(`/pkg/${name}`);
    whole = { raw: whole.raw + disk.raw, gzip: whole.gzip + disk.gzip, br: whole.br + disk.br };
  }
  console.log(`  ${"reference: all the code".padEnd(26)} ${kb(whole.raw)}  ${kb(whole.gzip)}  ${kb(whole.br)} (br, on disk)`);
  await browser.close();
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
