import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { cspViolations, launchBrowser, newPage, screenshot, signIn, startServer, type E2eServer } from './support.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

function inDays(n: number): string {
  return new Date(Date.now() + 7 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}

describe('browser journeys: tasks and the monthly briefing', () => {
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

  test('leadership assigns → the unit reports progress with evidence → reports done → leadership confirms', async () => {
    const title = 'Rà soát, báo cáo tình hình triển khai 5G tại các tỉnh (thử nghiệm)';
    const leader = await newPage(browser);
    const unit = await newPage(browser);
    try {
      const { page } = leader;
      await signIn(page, server.baseUrl, 'lanhdao', server.demoPassword, '/tasks');
      await page.getByRole('heading', { level: 1, name: 'Nhiệm vụ' }).waitFor();
      await page.getByRole('button', { name: '+ Giao nhiệm vụ' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Nội dung nhiệm vụ').fill(title);
      await dialog.getByLabel('Số, ký hiệu văn bản').fill('999/TB-BTTTT');
      await dialog.getByLabel('Lãnh đạo giao').fill('Bộ trưởng');
      await dialog.getByLabel('Đơn vị giao (mã)').fill('BTTTT');
      await dialog.getByLabel('Đơn vị chủ trì (mã)').fill('BTTTT-CVT');
      await dialog.getByLabel('Ngày bắt đầu').fill(inDays(0));
      // A due date before the start is refused, named beside its field.
      await dialog.getByLabel('Hạn hoàn thành').fill(inDays(-1));
      await dialog.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
      await dialog.locator('.field.has-error').getByText(/trước ngày bắt đầu/).waitFor();
      await dialog.getByLabel('Hạn hoàn thành').fill(inDays(30));
      await dialog.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      const taskUrl = page.url();
      assert.match(await page.locator('[data-status]').first().innerText(), /Đang thực hiện, trong hạn/);
      await screenshot(page, 'tasks-01-assigned');

      const u = unit.page;
      await signIn(u, server.baseUrl, 'quanly.vtt', server.demoPassword, '/tasks?view=MINE');
      await u.getByRole('link', { name: title }).click();
      await u.getByRole('heading', { level: 1, name: title }).waitFor();
      await u.getByRole('button', { name: 'Báo cáo tiến độ' }).click();
      let d = u.getByRole('dialog');
      await d.getByLabel('Tiến độ (%)').fill('40');
      await d.getByLabel('Ghi chú').fill('Đã tổng hợp số liệu của 20 tỉnh');
      await d.getByLabel(/Tệp minh chứng/).setInputFiles({ name: 'tong-hop.pdf', mimeType: 'application/pdf', buffer: PDF });
      await d.getByRole('button', { name: 'Lưu' }).click();
      await u.locator('.task-history [data-kind="PROGRESS"]').waitFor();
      await u.getByRole('button', { name: 'tong-hop.pdf' }).waitFor();
      // A file that is not what its name says is refused.
      await u.getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
      d = u.getByRole('dialog');
      await d.getByLabel(/Tệp minh chứng/).setInputFiles({ name: 'bao-cao.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ not a pdf') });
      await d.getByRole('button', { name: 'Lưu' }).click();
      await d.getByText(/không phải PDF, DOCX, XLSX, PNG hay JPEG/).first().waitFor();
      await d.getByLabel(/Tệp minh chứng/).setInputFiles({ name: 'bao-cao.pdf', mimeType: 'application/pdf', buffer: PDF });
      await d.getByLabel('Ghi chú').fill('Đã gửi báo cáo tổng hợp');
      await d.getByRole('button', { name: 'Lưu' }).click();
      await u.getByText('Chờ xác nhận hoàn thành').first().waitFor();
      await screenshot(u, 'tasks-02-done-reported');

      await page.goto(taskUrl);
      await page.getByRole('button', { name: 'Xác nhận hoàn thành' }).click();
      await page.locator('[data-status="DONE_ON_TIME"]').first().waitFor();
      await page.locator('.task-history [data-kind="CONFIRMED"]').waitFor();
      await screenshot(page, 'tasks-03-confirmed');

      await page.goto(server.baseUrl + '/tasks?tab=scorecard');
      await page.locator('table.scorecard').waitFor();
      assert.match(await page.locator('table.scorecard').innerText(), /Cục Viễn thông/);
      await screenshot(page, 'tasks-04-scorecard');
    } finally {
      await leader.context.close();
      await unit.context.close();
    }
  });

  test('the monthly briefing is drawn up from live data and downloads as DOCX and PDF', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, server.baseUrl, 'lanhdao', server.demoPassword, '/briefing');
      await page.getByRole('heading', { level: 1, name: 'Báo cáo giao ban tháng' }).waitFor();
      await page.getByLabel('Đơn vị ban hành (mã)').fill('BTTTT');
      await page.getByRole('button', { name: 'Lập báo cáo' }).click();
      await page.locator('.briefing-doc').waitFor();
      const text = await page.locator('.briefing-doc').innerText();
      for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'BỘ THÔNG TIN VÀ TRUYỀN THÔNG', 'I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU', 'II. CÁC CHỈ TIÊU BIẾN ĐỘNG LỚN NHẤT VÀ ĐƠN VỊ ĐÓNG GÓP', 'III. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO']) assert.ok(text.includes(s), s);
      await screenshot(page, 'briefing-01');
      for (const [button, ext, magic] of [['Tải DOCX', 'docx', 'PK'], ['Tải PDF', 'pdf', '%PDF']] as const) {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
        assert.match(download.suggestedFilename(), new RegExp(`^Bao-cao-giao-ban-BTTTT-\\d{6}\\.${ext}$`));
        const file = await download.path();
        assert.equal(fs.readFileSync(file).subarray(0, magic.length).toString('latin1'), magic);
      }
    } finally {
      await context.close();
    }
  });

  test('no page of these journeys broke the Content-Security-Policy', () => {
    assert.deepEqual(cspViolations, []);
  });
});
