import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { cspViolations, journey, PHONE, screenshot } from './support.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** Screenshots at the laptop's size and at 390 × 844, checking the phone page does not scroll sideways. */
async function desktopAndPhone(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const size = page.viewportSize();
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(300);
  await screenshot(page, `${name}-phone`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `${name}: the phone page scrolls sideways by ${overflow}px`);
  if (size) await page.setViewportSize(size);
}

function inDays(n: number): string {
  return new Date(Date.now() + 7 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}

describe('browser journeys: tasks and the monthly briefing', () => {
  const site = journey();

  test('leadership assigns → the unit reports progress with evidence → reports done → leadership confirms', async () => {
    const title = 'Rà soát, báo cáo tình hình triển khai 5G tại các tỉnh (thử nghiệm)';
    const leader = await site.page();
    const unit = await site.page();
    const { page } = leader;
    await site.signIn(page, 'lanhdao', '/tasks');
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
    await dialog
      .locator('.field.has-error')
      .getByText(/trước ngày bắt đầu/)
      .waitFor();
    await dialog.getByLabel('Hạn hoàn thành').fill(inDays(30));
    await dialog.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const taskUrl = page.url();
    assert.match(await page.locator('[data-status]').first().innerText(), /Đang thực hiện, trong hạn/);
    await desktopAndPhone(page, 'tasks-01-assigned');

    const u = unit.page;
    await site.signIn(u, 'quanly.vtt', '/tasks?view=MINE');
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
    await d
      .getByText(/không phải PDF, DOCX, XLSX, PNG hay JPEG/)
      .first()
      .waitFor();
    await d.getByLabel(/Tệp minh chứng/).setInputFiles({ name: 'bao-cao.pdf', mimeType: 'application/pdf', buffer: PDF });
    await d.getByLabel('Ghi chú').fill('Đã gửi báo cáo tổng hợp');
    await d.getByRole('button', { name: 'Lưu' }).click();
    await u.getByText('Chờ xác nhận hoàn thành').first().waitFor();
    await desktopAndPhone(u, 'tasks-02-done-reported');

    await page.goto(taskUrl);
    await page.getByRole('button', { name: 'Xác nhận hoàn thành' }).click();
    await page.locator('[data-status="DONE_ON_TIME"]').first().waitFor();
    await page.locator('.task-history [data-kind="CONFIRMED"]').waitFor();
    await desktopAndPhone(page, 'tasks-03-confirmed');

    await page.goto(site.baseUrl + '/tasks?tab=scorecard');
    await page.locator('table.scorecard').waitFor();
    assert.match(await page.locator('table.scorecard').innerText(), /Cục Viễn thông/);
    await screenshot(page, 'tasks-04-scorecard');
  });

  test('leadership edits a task (the due date stays; an extension moves it) and imports an Excel list, fixing the cell it names', async () => {
    const { page } = await site.as('lanhdao', '/tasks');
    await page.getByRole('button', { name: '+ Giao nhiệm vụ' }).click();
    const dialog = page.getByRole('dialog');
    const title = 'Xây dựng bộ chỉ số đánh giá chuyển đổi số cấp tỉnh (thử nghiệm)';
    await dialog.getByLabel('Nội dung nhiệm vụ').fill(title);
    await dialog.getByLabel('Lãnh đạo giao').fill('Thứ trưởng');
    await dialog.getByLabel('Đơn vị giao (mã)').fill('BTTTT');
    await dialog.getByLabel('Đơn vị chủ trì (mã)').fill('BTTTT-CVT');
    await dialog.getByLabel('Ngày bắt đầu').fill(inDays(0));
    await dialog.getByLabel('Hạn hoàn thành').fill(inDays(45));
    await dialog.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();

    await page.getByRole('link', { name: 'Sửa nhiệm vụ' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sửa nhiệm vụ' }).waitFor();
    assert.match(await page.getByTestId('due-fixed').innerText(), /chỉ thay đổi khi đơn vị giao duyệt đề nghị gia hạn/);
    // A unit that does not exist is refused beside its field, in Vietnamese.
    await page.getByLabel('Đơn vị chủ trì (mã)').fill('KHONG-CO');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page
      .locator('.field.has-error')
      .getByText(/Không có đơn vị 'KHONG-CO'/)
      .waitFor();
    await desktopAndPhone(page, 'tasks-05-edit-error');
    await page.getByLabel('Đơn vị chủ trì (mã)').fill('BTTTT-CVT');
    await page.getByLabel('Cán bộ phụ trách').fill('Nguyễn Thị Hoa');
    await page.getByLabel('Sản phẩm dự kiến').fill('Bộ chỉ số và hướng dẫn');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByText('Bộ chỉ số và hướng dẫn').waitFor();

    // The Excel list: one row names a unit that does not exist; nothing is written until it is fixed.
    const list = async (lead: string) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Giao ban');
      ws.addRow(['DANH MỤC NHIỆM VỤ GIAO TẠI HỘI NGHỊ GIAO BAN']);
      ws.addRow(['STT', 'Nội dung nhiệm vụ', 'Số, ký hiệu văn bản', 'Lãnh đạo giao', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Ngày bắt đầu', 'Hạn hoàn thành', 'Mức ưu tiên']);
      ws.addRow([
        1,
        'Tổng kết thí điểm nền tảng số dùng chung (nhập Excel)',
        '88/TB-BTTTT',
        'Bộ trưởng',
        'Cục Viễn thông',
        null,
        inDays(0).split('-').reverse().join('/'),
        inDays(60).split('-').reverse().join('/'),
        'Cao',
      ]);
      ws.addRow([
        2,
        'Báo cáo tiến độ phủ sóng 5G (nhập Excel)',
        '88/TB-BTTTT',
        'Bộ trưởng',
        lead,
        'BTTTT-CVT',
        inDays(0).split('-').reverse().join('/'),
        inDays(30).split('-').reverse().join('/'),
        null,
      ]);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    await page.goto(site.baseUrl + '/tasks');
    await page.getByRole('link', { name: 'Nhập từ Excel' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nhập danh sách nhiệm vụ từ Excel' }).waitFor();
    await page.getByLabel('Đơn vị giao (mã)').fill('BTTTT');
    await page
      .getByLabel('Tệp Excel (.xlsx)')
      .setInputFiles({ name: 'giao-ban.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await list('Cục Không Có') });
    await page.getByRole('button', { name: 'Kiểm tra (chưa ghi)' }).click();
    await page.locator('table.import-errors tr[data-cell="E4"]').waitFor();
    assert.match(await page.locator('table.import-errors').innerText(), /Giao ban!E4\s+Trang 'Giao ban', ô E4: không có đơn vị 'Cục Không Có'/);
    await desktopAndPhone(page, 'tasks-06-import-errors');
    await page.getByLabel('Tệp Excel (.xlsx)').setInputFiles({ name: 'giao-ban.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await list('BTTTT-VPC') });
    await page.getByRole('button', { name: 'Kiểm tra (chưa ghi)' }).click();
    await page.locator('[data-import-result="preview"]').waitFor();
    await page.getByRole('button', { name: 'Nhập nhiệm vụ' }).click();
    await page.locator('[data-import-result="done"]').getByText('Giao mới 2, cập nhật 0, không đổi 0.').waitFor();
    await desktopAndPhone(page, 'tasks-07-imported');
    await page.getByRole('link', { name: 'Báo cáo tiến độ phủ sóng 5G (nhập Excel)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Báo cáo tiến độ phủ sóng 5G (nhập Excel)' }).waitFor();
    assert.match(await page.locator('dl.facts').innerText(), /Cục Viễn thông/);
  });

  test('the monthly briefing is drawn up from live data and downloads as DOCX and PDF', async () => {
    const { page } = await site.as('lanhdao', '/briefing');
    await page.getByRole('heading', { level: 1, name: 'Báo cáo giao ban tháng' }).waitFor();
    await page.getByLabel('Đơn vị ban hành (mã)').fill('BTTTT');
    await page.getByRole('button', { name: 'Lập báo cáo' }).click();
    await page.locator('.briefing-doc').waitFor();
    const text = await page.locator('.briefing-doc').innerText();
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'BỘ THÔNG TIN VÀ TRUYỀN THÔNG',
      'I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU',
      'II. CÁC CHỈ TIÊU BIẾN ĐỘNG LỚN NHẤT VÀ ĐƠN VỊ ĐÓNG GÓP',
      'III. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO',
    ])
      assert.ok(text.includes(s), s);
    await screenshot(page, 'briefing-01');
    for (const [button, ext, magic] of [
      ['Tải DOCX', 'docx', 'PK'],
      ['Tải PDF', 'pdf', '%PDF'],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
      assert.match(download.suggestedFilename(), new RegExp(`^Bao-cao-giao-ban-BTTTT-\\d{6}\\.${ext}$`));
      const file = await download.path();
      assert.equal(fs.readFileSync(file).subarray(0, magic.length).toString('latin1'), magic);
    }
  });

  test('no page of these journeys broke the Content-Security-Policy', () => {
    assert.deepEqual(cspViolations, []);
  });
});
