import { launchBrowser, newPage, signIn, startServer, screenshot } from './support.ts';
const server = await startServer();
const browser = await launchBrowser();
try {
  for (const [w, h, tag] of [[1366, 768, 'desk'], [390, 844, 'phone']] as const) {
    const { context, page } = await newPage(browser, { width: w, height: h });
    await signIn(page, server.baseUrl, 'lanhdao', server.demoPassword);
    await page.locator('tr[data-target]').first().waitFor();
    await page.waitForTimeout(500);
    await screenshot(page, `web9-overview-${tag}`);
    await page.goto(server.baseUrl + '/indicators/TL_PHU_5G');
    await page.locator('.latest-summary').waitFor({ timeout: 20000 }).catch(() => {});
    await page.waitForTimeout(1000);
    await page.getByText('Bảng giá trị').first().click();
    await screenshot(page, `web9-indicator-${tag}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
