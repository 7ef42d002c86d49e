import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { cspViolations, launchBrowser, screenshot, signIn, startServer, type E2eServer } from './support.ts';

/** A page in Hà Nội's time zone (the officers' wall clock), Vietnamese first. */
async function vietnamPage(browser: Browser, viewport = { width: 1366, height: 768 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}

describe('browser journey: takedown requests to platforms', () => {
  let server: E2eServer;
  let browser: Browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('an officer finds an unanswered TikTok case, records the answer (a wrong time is refused) and a re-check; the scorecard shows the platforms', async () => {
    const page = await vietnamPage(browser);
    try {
      await signIn(page, server.baseUrl, 'quanly.vtt', server.demoPassword, '/');
      await page.getByRole('link', { name: 'Gỡ bỏ nội dung vi phạm' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Gỡ bỏ nội dung vi phạm trên nền tảng xuyên biên giới' }).waitFor();
      await page.getByLabel('Nền tảng').selectOption('TIKTOK');
      await page.getByLabel('Kết quả').selectOption('NO_ANSWER');
      await page.getByText(/^\d+ vụ việc$/).waitFor();
      const before = Number((await page.getByText(/^\d+ vụ việc$/).innerText()).split(' ')[0]);
      assert.ok(before > 0);
      await screenshot(page, 'takedown-01-cases');

      await page.locator('table.takedown-cases tbody tr a').first().click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: /^Vụ việc số \d+$/ }).waitFor();
      await dialog.getByText('Căn cứ pháp lý').waitFor();
      // An answer before the request was sent is refused, beside its field, in Vietnamese.
      await dialog.getByLabel('Thời điểm trả lời (giờ Việt Nam)').fill('2023-01-01T08:00');
      await dialog.getByRole('button', { name: 'Lưu trả lời' }).click();
      await dialog.locator('.field.has-error').getByText(/trước thời điểm gửi yêu cầu/).waitFor();
      await dialog.getByLabel('Thời điểm trả lời (giờ Việt Nam)').fill('2024-01-15T10:00');
      await dialog.getByRole('button', { name: 'Lưu trả lời' }).click();
      await dialog.getByText(/15\/01\/2024 10:00 — Đã gỡ bỏ/).waitFor();
      // Answered after the 24 hours: removed, but late.
      await dialog.getByText('quá 24 giờ').first().waitFor();
      await dialog.getByLabel('Thời điểm kiểm tra (giờ Việt Nam)').fill('2024-01-16T09:00');
      await dialog.getByLabel('Kết quả kiểm tra', { exact: true }).selectOption('true');
      await dialog.getByLabel('Người kiểm tra').fill('Trần Thị Kiểm');
      await dialog.getByRole('button', { name: 'Lưu kết quả kiểm tra' }).click();
      await dialog.getByText(/16\/01\/2024 09:00 — Vẫn còn \(Trần Thị Kiểm\)/).waitFor();
      await dialog.getByText('Kiểm tra lại vẫn còn').first().waitFor();
      await screenshot(page, 'takedown-02-case-recorded');
      await page.keyboard.press('Escape');

      await page.goto(`${server.baseUrl}/takedown?tab=scorecard&year=2023`);
      await page.locator('tbody[data-platform="TIKTOK"]').waitFor();
      for (const code of ['FACEBOOK', 'YOUTUBE', 'TIKTOK']) await page.locator(`tbody[data-platform="${code}"]`).getByText('Quý 1/2023').waitFor();
      const total = await page.locator('.takedown-scorecard tfoot tr').innerText();
      // The whole year's removal rate, as the published figure: above 90 %.
      const removed = Number(/Cả năm 2023\s+[\d.]+\s+([\d,]+) %/.exec(total)![1].replace(',', '.'));
      assert.ok(removed > 90 && removed < 97, total);
      await screenshot(page, 'takedown-03-scorecard');
    } finally {
      await page.context().close();
    }
  });

  test('on a phone (390×844): the scorecard and a letter with its cases', async () => {
    const page = await vietnamPage(browser, { width: 390, height: 844 });
    try {
      await signIn(page, server.baseUrl, 'lanhdao', server.demoPassword, '/takedown?tab=scorecard&year=2023');
      await page.locator('tbody[data-platform="FACEBOOK"]').waitFor();
      await screenshot(page, 'takedown-04-scorecard-phone');
      await page.goto(`${server.baseUrl}/takedown?tab=batches&platform=YOUTUBE`);
      await page.locator('table tbody tr a').first().click();
      await page.getByRole('heading', { level: 1, name: /^Văn bản \d+\/CPTTH-TTĐT gửi YouTube$/ }).waitFor();
      // Leadership reads; it does not record answers.
      await page.getByRole('button', { name: 'Xem' }).first().click();
      await page.getByRole('dialog').getByText('Căn cứ pháp lý').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Lưu trả lời' }).count(), 0);
      await screenshot(page, 'takedown-05-letter-phone');
      const wide = await page.evaluate(() => {
        const right = document.querySelector('main')!.getBoundingClientRect().right;
        return [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > right + 1 && !e.closest('.table-wrap') && !e.closest('dialog')).slice(0, 5).map((e) => `${e.tagName}.${e.className}`);
      });
      assert.deepEqual(wide, [], 'nothing of the page sticks out of it, outside a scrolling table');
    } finally {
      await page.context().close();
    }
    assert.deepEqual(cspViolations, []);
  });
});
