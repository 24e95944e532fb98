import { expect, type Page } from "@playwright/test";

/** Waits until the browser has hydrated the server-rendered page. */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator(".page[data-hydrated='true']")).toBeAttached();
}
