import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cspViolations, currentMonth, downloadFormTemplate, E2E, journey, PHONE, screenshot } from './support.ts';

describe('browser journeys', () => {
  const site = journey({ fixtures: true });

  test('sign in (demo hint shown) → the overview shows targets with their status', async () => {
    const { page } = await site.page();
    await page.goto(site.baseUrl + '/');
    await page.getByRole('heading', { name: 'Tài khoản dùng thử' }).waitFor();
    await screenshot(page, '01-sign-in');
    await page.getByRole('button', { name: 'Điền tài khoản dùng thử' }).click();
    assert.equal(await page.getByLabel('Tên đăng nhập').inputValue(), 'admin');
    await page.getByLabel('Tên đăng nhập').fill('lanhdao');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
    const row = page.locator(`tr[data-indicator="${E2E.indicator}"][data-unit="VN"]`);
    await row.waitFor();
    // The journey's indicator has no value yet: its target can only be "no data".
    const status = row.locator('.status');
    assert.equal((await status.innerText()).trim(), 'Chưa có số liệu');
    assert.match((await status.getAttribute('class')) ?? '', /\bstatus-no-data\b/);
    assert.ok((await page.locator('tr[data-target]').count()) >= 1);
    await screenshot(page, '02-overview');
    // The same screen in English, then on a phone.
    await page.getByRole('button', { name: /EN/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.setViewportSize(PHONE);
    // Let the sidebar finish sliding away before the picture.
    await page.waitForTimeout(400);
    await screenshot(page, '03-overview-phone-en');
  });

  test('a value entered and sent shows on the overview and the indicator page without a reload; withdrawn, it leaves them', async () => {
    const { page } = await site.page();
    const period = currentMonth();
    await site.signIn(page, 'canbo.hanoi', `/data-entry?regime=${E2E.regime}&period=${period}&orgUnit=01`);
    const field = page.locator(`input[data-field="${E2E.element}"]`);
    await field.waitFor();
    await field.fill('4.321');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.getByText('Đã lưu nháp.').waitFor();
    await screenshot(page, '04-data-entry-saved');
    // Leadership's figures count submitted and approved values: a draft is not on the overview until it is sent.
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByText('Đã gửi báo cáo.').waitFor();
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));

    // Client-side navigation only: no page load, no refresh button.
    await page.getByRole('link', { name: 'Tổng quan' }).click();
    const row = page.locator(`tr[data-indicator="${E2E.indicator}"][data-unit="01"]`);
    await row.locator('.latest-value', { hasText: '4.321' }).waitFor();
    await screenshot(page, '05-overview-after-entry');

    await row.getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: 'Số vụ việc đã xử lý (thử nghiệm)' }).waitFor();
    await page.locator('button[data-province="01"]', { hasText: '4.321' }).waitFor();
    await page.getByText('Bảng giá trị').first().click();
    await page.locator(`tr[data-period="${period}"] .trend-value`, { hasText: '4.321' }).waitFor();
    await page.locator('canvas').first().waitFor();
    await screenshot(page, '06-indicator-after-entry');
    assert.deepEqual(loads, [], 'the browser must not reload the page');

    // The officer takes the report back to correct it: it is a draft again, open for the next journeys.
    await page.goto(site.baseUrl + `/data-entry?regime=${E2E.regime}&period=${period}&orgUnit=01`);
    await page.getByRole('button', { name: 'Rút lại để sửa' }).click();
    await page.getByLabel(/Lý do rút lại/).fill('Cần đối chiếu lại số vụ việc');
    await page.locator('dialog').getByRole('button', { name: 'Rút lại để sửa' }).click();
    await page.getByText(/Đã rút lại báo cáo/).waitFor();
    await page.locator('.form-status .badge', { hasText: 'Bản nháp' }).waitFor();
  });

  test('an Excel template uploaded with one wrong cell names that cell', async () => {
    const { page } = await site.page();
    const period = currentMonth();
    await site.signIn(page, 'canbo.hanoi', `/data-entry?regime=${E2E.regime}&period=${period}&orgUnit=01`);
    const { file, sheet, address } = await downloadFormTemplate(page, E2E.element, 'abc');

    await page.locator('#excel-file').setInputFiles(file);
    await page.locator('.excel-upload button[type=submit]').click();
    const errors = page.locator('.upload-errors');
    await errors.waitFor();
    const text = await errors.innerText();
    assert.ok(text.includes(address), `the error names cell ${address}: ${text}`);
    assert.ok(text.includes(sheet), `the error names sheet ${sheet}: ${text}`);
    await screenshot(page, '07-excel-upload-error');

    // The upload ran as a server job: coming back to the form shows its outcome again, until dismissed.
    await page.reload();
    await page.locator('.upload-errors', { hasText: address }).waitFor();
    await page.locator('.upload-dismiss').click();
    await page.locator('.upload-errors').waitFor({ state: 'detached' });
    await page.reload();
    await page.locator(`input[data-field="${E2E.element}"]`).waitFor();
    assert.equal(await page.locator('.upload-errors').count(), 0, 'a dismissed upload is not shown again');
  });

  test("a provincial officer cannot open another province's form", async () => {
    const { page } = await site.page();
    const period = currentMonth();
    await site.signIn(page, 'canbo.danang', `/data-entry?regime=${E2E.regime}&period=${period}&orgUnit=01`);
    const alert = page.locator('.state-error');
    await alert.waitFor();
    assert.match(await alert.innerText(), /không có quyền/i);
    assert.equal(await page.locator(`input[data-field="${E2E.element}"]`).count(), 0);
    // The unit list offers only their own province, and their own form opens.
    await screenshot(page, '08-other-province-refused');
    await page.getByLabel('Đơn vị báo cáo').selectOption('48');
    await page.locator(`input[data-field="${E2E.element}"]`).waitFor();
    const unitOptions = await page.getByLabel('Đơn vị báo cáo').locator('option').allInnerTexts();
    assert.deepEqual(unitOptions, ['Thành phố Đà Nẵng']);
    await screenshot(page, '09-own-province-form');
  });

  test('a wrong value is named beside its field; the officer submits and the receiving unit approves', async () => {
    const period = currentMonth();
    const formUrl = `/data-entry?regime=${E2E.regime}&period=${period}&orgUnit=48`;
    const { page } = await site.as('canbo.danang', formUrl);
    const field = page.locator(`input[data-field="${E2E.element}"]`);
    await field.waitFor();
    await field.fill('mười hai');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    const message = page.locator('.cell-input.has-error .field-error');
    await message.waitFor();
    assert.ok((await message.innerText()).length > 0);
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    await screenshot(page, '10-field-error');
    await field.fill('12');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.getByText('Đã lưu nháp.').waitFor();
    // The value's history says who wrote it, from where.
    await page.getByText('Lịch sử thay đổi số liệu').click();
    await page.locator('.history tr', { hasText: 'canbo.danang' }).filter({ hasText: '12' }).waitFor();
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByText('Đã gửi báo cáo.').waitFor();
    // The current month's report is due after the month ends: submitted today, it is on time.
    await page.locator('.form-status .badge', { hasText: /^Đã gửi$/ }).waitFor();
    const { page: manager } = await site.as('quanly.vtt', formUrl);
    await manager.getByRole('button', { name: 'Phê duyệt' }).click();
    await manager.getByText('Đã phê duyệt.').waitFor();
    await manager.locator('.form-status .badge', { hasText: 'Đã phê duyệt' }).waitFor();
    // Approved means closed: the form is read-only until someone reopens it with a reason.
    await manager.locator(`input[data-field="${E2E.element}"][disabled]`).waitFor();
    await manager.getByRole('button', { name: 'Mở lại' }).waitFor();
    await screenshot(manager, '11-approved');
  });

  test('no page of the journeys broke the Content-Security-Policy', () => {
    assert.deepEqual(cspViolations, []);
  });
});
