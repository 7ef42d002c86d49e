import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityProblems, cspViolations, journey, PHONE, screenshot } from './support.ts';

describe('browser journey: an official commits to measurable results, and the outcome is computed from them', () => {
  const site = journey();

  test('leadership records a commitment (tasks picked by name) → a result measuring nothing is refused → the outcome and its reasons show', async () => {
    const title = 'Cam kết năm 2023 của Cục trưởng Cục Viễn thông (thử nghiệm)';
    const { page } = await site.as('lanhdao', '/commitments?due=2023');
    await page.getByRole('heading', { level: 1, name: 'Cam kết của cán bộ' }).waitFor();
    // The demo's three officials of 2022–2023: met, partly met, not met.
    await page.locator('[data-commitment]').nth(2).waitFor();
    const list = await page.locator('table.commitments-table').innerText();
    for (const s of ['Nguyễn Minh Hải', 'Trần Thu Hà', 'Phạm Đức Long', 'Đạt một phần', 'Không đạt']) assert.ok(list.includes(s), s);
    assert.deepEqual(await accessibilityProblems(page), [], 'the commitments list passes axe-core');
    await screenshot(page, 'commitments-01-list');
    // A demo commitment: a reviewer's verdict with its evidence file, and a target judged on submitted figures.
    await page.locator('tr', { hasText: 'Trần Thu Hà' }).getByRole('link').click();
    await page.getByRole('button', { name: 'Bao-cao-dien-tap-ATTT-2023.pdf' }).waitFor();
    const demo = await page.locator('.commitment-page').innerText();
    assert.match(demo, /Người đánh giá kết luận: đạt một phần \(1 tệp minh chứng\)/);
    assert.match(demo, /Mục tiêu gắn kèm/);
    assert.equal(await page.locator('.commitment-verdict [data-outcome]').getAttribute('data-outcome'), 'PARTLY_MET');
    assert.deepEqual(await accessibilityProblems(page), [], 'a commitment page with the verdict form passes axe-core');
    await screenshot(page, 'commitments-01b-demo-reviewer');
    await page.goto(site.baseUrl + '/commitments?due=2023');
    await page.locator('[data-commitment]').nth(2).waitFor();

    await page.getByRole('button', { name: '+ Ghi nhận cam kết' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Cán bộ cam kết').fill('Hoàng Văn Nam');
    await dialog.getByLabel('Chức vụ').fill('Cục trưởng Cục Viễn thông');
    await dialog.getByRole('combobox', { name: 'Đơn vị' }).fill('Viễn thông');
    await dialog
      .getByRole('option', { name: /Cục Viễn thông/ })
      .first()
      .click();
    await dialog.getByLabel('Nội dung cam kết').fill(title);
    await dialog.getByLabel('Từ ngày').fill('2023-01-01');
    await dialog.getByLabel('Đến ngày').fill('2023-12-31');
    const first = dialog.locator('[data-result="0"]');
    await first.getByLabel('Kết quả cam kết').fill('Chuẩn hoá thông tin thuê bao di động');
    // Tasks are found by typing part of their name, without diacritics.
    await first.getByLabel('Gắn với nhiệm vụ (tìm theo tên)').fill('sim kich hoat');
    await first.getByRole('button', { name: /Xử lý dứt điểm SIM kích hoạt sẵn/ }).click();
    await dialog.getByRole('button', { name: '+ Thêm kết quả' }).click();
    const second = dialog.locator('[data-result="1"]');
    await second.getByLabel('Kết quả cam kết').fill('Xoá vùng lõm sóng ở khu vực biên giới');
    await dialog.getByRole('button', { name: 'Ghi nhận cam kết' }).click();
    // A result linked to nothing measurable is refused, named beside its field, and nothing is written.
    await second
      .locator('.field-error')
      .getByText(/Kết quả 2 \("Xoá vùng lõm sóng ở khu vực biên giới"\) không gắn với nhiệm vụ hay mục tiêu nào/)
      .waitFor();
    assert.deepEqual(await accessibilityProblems(page), [], 'the commitment form passes axe-core');
    await screenshot(page, 'commitments-02-refused');
    await second.getByLabel('Gắn với nhiệm vụ (tìm theo tên)').fill('lõm sóng');
    await second.getByRole('button', { name: /Phủ sóng di động 4G/ }).click();
    await dialog.getByRole('button', { name: 'Ghi nhận cam kết' }).click();

    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    // The SIM task was done on time against its extended date; the 4G task is still open past its due date.
    const verdict = page.locator('.commitment-verdict [data-outcome]');
    assert.equal(await verdict.getAttribute('data-outcome'), 'PARTLY_MET');
    const text = await page.locator('.commitment-page').innerText();
    assert.match(text, /Nhiệm vụ "Xử lý dứt điểm SIM kích hoạt sẵn, thuê bao di động không chính chủ" hoàn thành đúng hạn \(25\/07\/2023\)/);
    assert.match(text, /Nhiệm vụ "Phủ sóng di động 4G các thôn, bản còn lõm sóng ở khu vực biên giới" chưa hoàn thành \(tiến độ 70 %\)/);
    assert.match(text, /01\/01\/2023 – 31\/12\/2023/);
    await screenshot(page, 'commitments-03-outcome');

    // Edited in place: the form comes filled in, the position is corrected and shown.
    await page.getByRole('button', { name: 'Sửa cam kết' }).click();
    const edit = page.getByRole('dialog');
    assert.equal(await edit.getByLabel('Nội dung cam kết').inputValue(), title);
    assert.equal(await edit.locator('[data-result="1"]').getByLabel('Kết quả cam kết').inputValue(), 'Xoá vùng lõm sóng ở khu vực biên giới');
    await edit.getByLabel('Chức vụ').fill('Cục trưởng');
    // The staff register link: a person found by name, only within the chosen unit's subtree, forgotten when the unit changes.
    const staffPicker = edit.getByRole('combobox', { name: /Liên kết danh sách cán bộ/ });
    await edit.getByRole('combobox', { name: 'Đơn vị' }).fill('Chuyển đổi số');
    await edit
      .getByRole('option', { name: /Cục Chuyển đổi số/ })
      .first()
      .click();
    await staffPicker.fill('tran van minh');
    await edit.getByRole('option', { name: /Trần Văn Minh/ }).click();
    assert.match(await edit.locator('[data-person-picker]').innerText(), /Đã chọn: Trần Văn Minh — Cục Chuyển đổi số/);
    await edit.getByRole('combobox', { name: 'Đơn vị' }).fill('An toàn thông tin');
    await edit
      .getByRole('option', { name: /Cục An toàn thông tin/ })
      .first()
      .click();
    assert.match(await edit.locator('[data-person-picker]').innerText(), /Chưa chọn người/);
    assert.equal(await edit.locator('[data-person-picker]').getAttribute('data-person-picker'), '');
    // Someone of another unit is not offered.
    await staffPicker.fill('tran van minh');
    await edit.getByText('Không tìm thấy ai').waitFor();
    await staffPicker.fill('do manh hung');
    await edit.getByRole('option', { name: /Đỗ Mạnh Hùng/ }).click();
    assert.deepEqual(await accessibilityProblems(page), [], 'the commitment form with the staff picker passes axe-core');
    await screenshot(page, 'commitments-03b-staff-picker');
    await edit.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.locator('.commitment-page .facts').getByText('Hoàng Văn Nam, Cục trưởng', { exact: true }).waitFor();
    await page.locator('.commitment-page .facts [data-staff-member]').getByText('Hồ sơ cán bộ: Đỗ Mạnh Hùng (Cục An toàn thông tin)').waitFor();
    const commitmentUrl = page.url();

    // Leadership's overview carries the block of overdue tasks and commitments at risk.
    await page.goto(site.baseUrl + '/overview');
    await page.locator('[data-block="watchlist"] [data-watch="tasks"] li').first().waitFor();
    assert.match(await page.locator('[data-block="watchlist"]').innerText(), /Nhiệm vụ quá hạn và cam kết có nguy cơ/);
    assert.deepEqual(await accessibilityProblems(page), [], 'the overview with its block passes axe-core');
    await screenshot(page, 'commitments-04-overview-block');

    const phone = await site.page(PHONE);
    await site.signIn(phone.page, 'lanhdao', '/commitments?due=2023');
    await phone.page.getByRole('link', { name: title }).click();
    await phone.page.getByRole('heading', { level: 1, name: title }).waitFor();
    await phone.page.locator('[data-result="1"]').waitFor();
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `the page is wider than the phone by ${overflow}px`);
    await screenshot(phone.page, 'commitments-05-outcome-phone');
    await phone.page.goto(site.baseUrl + '/commitments?due=2023');
    await phone.page.locator('[data-commitment]').first().waitFor();
    await screenshot(phone.page, 'commitments-06-list-phone');
    await phone.page.goto(site.baseUrl + '/overview');
    await phone.page.locator('[data-block="watchlist"] [data-watch="tasks"] li').first().waitFor();
    const overviewOverflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overviewOverflow <= 1, `the overview is wider than the phone by ${overviewOverflow}px`);
    assert.deepEqual(await accessibilityProblems(phone.page), [], 'the overview on a phone passes axe-core');

    // Deleted (nothing on it judged yet): back to the list, where it is gone.
    const last = await site.page();
    await site.signIn(last.page, 'lanhdao', new URL(commitmentUrl).pathname);
    await last.page.getByRole('heading', { level: 1, name: title }).waitFor();
    last.page.once('dialog', (d) => void d.accept());
    await last.page.getByRole('button', { name: 'Xóa cam kết' }).click();
    await last.page.waitForURL(/\/commitments$/);
    await last.page.goto(site.baseUrl + '/commitments?due=2023');
    await last.page.locator('[data-commitment]').first().waitFor();
    assert.equal(await last.page.getByRole('link', { name: title }).count(), 0, 'the deleted commitment is not listed');
  });

  test('no page of this journey broke the Content-Security-Policy', () => {
    assert.deepEqual(cspViolations, []);
  });
});
