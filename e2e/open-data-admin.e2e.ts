import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import path from 'node:path';
import { accessibilityProblems, ARTIFACTS, cspViolations, journey, PHONE, screenshot } from './support.ts';

/** A calendar day in Hanoi, `days` from today, as the date input takes it (yyyy-mm-dd) and as the screen shows it (dd/mm/yyyy). */
function hanoiDay(days: number): { input: string; shown: string } {
  const iso = new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
  const [y, m, d] = iso.split('-');
  return { input: iso, shown: `${d}/${m}/${y}` };
}

async function overflowOf(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('open data administration: the calendar is kept on a screen, and the public page shows the provinces on a map', () => {
  // Pages in Hanoi's time zone, so release times read as the officers type them.
  const site = journey({ timezoneId: 'Asia/Ho_Chi_Minh' });

  test('announce a release: a past time is refused at the field; corrected, it is on the calendar; frozen; publishing before its time is refused', async () => {
    const { page } = await site.page();
    await site.signIn(page, 'admin', '/admin/open-data');
    await page.getByRole('heading', { level: 1, name: 'Quản lý dữ liệu mở' }).waitFor();
    const card = page.locator('li[data-dataset="HA_TANG_VIEN_THONG"]');
    await card.waitFor();
    assert.equal(await page.locator('li[data-dataset]').count(), 3, 'the three demo datasets');
    assert.ok(await card.getByText('Đã công bố').first().isVisible(), 'the published releases are on the calendar');
    assert.deepEqual(await accessibilityProblems(page), [], 'the administration screen passes axe-core');

    // Edit the dataset: its fields come filled in; a first period of the wrong frequency is stopped at its field.
    await card.getByRole('button', { name: 'Sửa' }).click();
    const editor = page.getByRole('dialog');
    await editor.getByRole('heading', { name: 'Sửa bộ dữ liệu' }).waitFor();
    assert.equal(await editor.getByLabel('Tên tiếng Việt').inputValue(), 'Hạ tầng viễn thông: 5G, di động, băng rộng');
    assert.equal(await editor.locator('.od-item-list input:checked').count(), 3, 'the three indicators are chosen');
    await editor.getByLabel('Kỳ đầu tiên').fill('2023Q1');
    await editor.getByRole('button', { name: 'Lưu' }).click();
    await editor.locator('.field-error').filter({ hasText: 'Kỳ không khớp tần suất cập nhật đã chọn' }).waitFor();
    assert.equal(await editor.getByLabel('Kỳ đầu tiên').getAttribute('aria-invalid'), 'true');
    await screenshot(page, 'open-data-admin-edit');
    await editor.getByLabel('Kỳ đầu tiên').fill('202301');
    await editor.getByLabel(/Từ khóa/).fill('5G, viễn thông, băng rộng');
    await editor.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu bộ dữ liệu HA_TANG_VIEN_THONG.').waitFor();
    const saved = await page.request.get(`${site.baseUrl}/api/opendata/datasets/HA_TANG_VIEN_THONG`);
    assert.deepEqual((await saved.json()).keywords, ['5G', 'viễn thông', 'băng rộng']);

    await card.getByRole('button', { name: 'Báo trước đợt công bố' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: /Báo trước đợt công bố: Hạ tầng viễn thông/ }).waitFor();
    // The revising form names its note as a revision note (the dataset has published versions).
    assert.ok(await dialog.getByLabel(/Ghi chú \(điều chỉnh\) tiếng Việt/).isVisible());
    const yesterday = hanoiDay(-1);
    await dialog.getByLabel('Ngày công bố').fill(yesterday.input);
    await dialog.getByLabel('Giờ công bố (giờ Hà Nội)').fill('09:00');
    await dialog.getByLabel('Số liệu đến').fill('202401');
    await dialog.getByLabel(/Ghi chú \(điều chỉnh\) tiếng Việt/).fill('Số liệu tháng 1/2024');
    await dialog.getByRole('button', { name: 'Báo trước đợt công bố' }).click();
    // A note in one language only is stopped before it is sent, at the missing one.
    await dialog.locator('.field-error').filter({ hasText: 'Ghi chú cần có cả tiếng Việt và tiếng Anh' }).waitFor();
    await dialog.getByLabel(/Ghi chú \(điều chỉnh\) tiếng Anh/).fill('Figures of January 2024');
    await dialog.getByRole('button', { name: 'Báo trước đợt công bố' }).click();
    // The server's refusal, at the date field, in Vietnamese.
    const dateField = dialog.getByLabel('Ngày công bố');
    await page.waitForFunction(() => document.querySelector('dialog[open] input[type="date"]')?.getAttribute('aria-invalid') === 'true');
    const describedBy = await dateField.getAttribute('aria-describedby');
    assert.ok(describedBy, 'the error is tied to the date field');
    assert.match(await page.locator(`[id="${describedBy!.split(' ').pop()}"]`).innerText(), /Thời điểm công bố đã qua/);
    await screenshot(page, 'open-data-admin-refused');

    const later = hanoiDay(30);
    await dateField.fill(later.input);
    await dialog.getByRole('button', { name: 'Báo trước đợt công bố' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = card.locator('tr[data-status="SCHEDULED"]');
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(`${later.shown.replace(/\//g, '\\/')} 09:00`));
    assert.match(await row.innerText(), /Tháng 1\/2024/);
    assert.match(await row.innerText(), /Đã lên lịch/);

    await row.getByRole('button', { name: 'Chốt và duyệt' }).click();
    const frozen = card.locator('tr[data-status="FROZEN"]');
    await frozen.waitFor();
    assert.match(await frozen.innerText(), /Đã chốt và duyệt/);
    // Publishing by hand before the announced time breaks the embargo: refused, in words, on the row.
    await frozen.getByRole('button', { name: 'Công bố ngay' }).click();
    await frozen.getByText(/cấm công bố/).waitFor();
    await screenshot(page, 'open-data-admin-calendar');

    // The public calendar shows the announced date, nothing of its figures.
    const pub = await page.request.get(`${site.baseUrl}/api/public/opendata/datasets/HA_TANG_VIEN_THONG`);
    const announced = (await pub.json()).calendar.filter((c: { state: string }) => c.state === 'ANNOUNCED');
    assert.equal(announced.length, 1);
    assert.equal(announced[0].note, null);

    await page.setViewportSize(PHONE);
    await screenshot(page, 'open-data-admin-phone');
    await card.screenshot({ path: path.join(ARTIFACTS, 'open-data-admin-card-phone.png') });
    assert.ok((await overflowOf(page)) <= 1, 'the administration screen does not scroll sideways on a phone');
  });

  test('a leader approves but does not define datasets or announce releases', async () => {
    const { page } = await site.page();
    await site.signIn(page, 'lanhdao', '/admin/open-data');
    await page.locator('li[data-dataset="HA_TANG_VIEN_THONG"]').waitFor();
    assert.equal(await page.getByRole('button', { name: /Bộ dữ liệu mới/ }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Báo trước đợt công bố' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Sửa' }).count(), 0);
  });

  test("a release's history names its steps, who and when; a new dataset is deleted after a confirmation, a published one explains why it cannot be", async () => {
    const { page } = await site.page();
    await site.signIn(page, 'admin', '/admin/open-data');
    const card = page.locator('li[data-dataset="HA_TANG_VIEN_THONG"]');
    await card.waitFor();

    // A published demo release: announced, frozen and published by the system, in words, in Hanoi time.
    const published = card.locator('tr[data-status="PUBLISHED"]').first();
    const releaseId = await published.getAttribute('data-release');
    await published.getByText('Lịch sử').click();
    const steps = published.locator('.od-history-steps li');
    await steps.nth(2).waitFor();
    assert.deepEqual(await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-step'))), ['SCHEDULE', 'FREEZE', 'PUBLISH']);
    const texts = await steps.allInnerTexts();
    assert.match(texts[0], /^Báo trước \(lên lịch\) · \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} · Hệ thống \(tự động\)$/);
    assert.match(texts[1], /^Chốt và duyệt số liệu · /);
    assert.match(texts[2], /^Công bố · /);
    assert.ok(!(await published.innerText()).includes('opendata.'), 'no internal action names');
    const history = await (await page.request.get(`${site.baseUrl}/api/opendata/releases/${releaseId}/history`)).json();
    const hanoi = new Date(Date.parse(history.steps[2].at) + 7 * 3_600_000).toISOString();
    const shown = `${hanoi.slice(8, 10)}/${hanoi.slice(5, 7)}/${hanoi.slice(0, 4)} ${hanoi.slice(11, 16)}`;
    assert.ok(texts[2].includes(shown), `the publication time in Vietnamese time (${shown}): ${texts[2]}`);

    // The release announced and frozen in the first journey: by the administrator's account.
    const frozen = card.locator('tr[data-status="FROZEN"]');
    await frozen.getByText('Lịch sử').click();
    await frozen.locator('.od-history-steps li[data-step="FREEZE"]').waitFor();
    assert.deepEqual(await frozen.locator('.od-history-steps li').evaluateAll((els) => els.map((e) => e.getAttribute('data-step'))), ['SCHEDULE', 'FREEZE']);
    assert.match(await frozen.locator('.od-history-steps').innerText(), /\(admin\)|· admin/);
    await card.screenshot({ path: path.join(ARTIFACTS, 'open-data-admin-history.png') });
    assert.deepEqual(await accessibilityProblems(page), [], 'the open history passes axe-core');

    // A published dataset: no delete button, the reason instead.
    assert.equal(await card.getByRole('button', { name: 'Xoá' }).count(), 0);
    assert.match(await card.getByTestId('od-no-delete').innerText(), /\S/);

    // A new dataset, defined on the screen, then deleted after the confirmation.
    await page.getByRole('button', { name: /Bộ dữ liệu mới/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Mã bộ dữ liệu').fill('THU_XOA');
    await dialog.getByLabel('Tên tiếng Việt').fill('Bộ dữ liệu thử để xoá');
    await dialog.getByLabel('Tên tiếng Anh').fill('A dataset to delete');
    await dialog.getByLabel('Mô tả tiếng Việt').fill('Chỉ để thử việc xoá.');
    await dialog.getByLabel('Mô tả tiếng Anh').fill('Only to try deleting.');
    await dialog.getByRole('combobox', { name: 'Cơ quan công bố' }).fill('Viet Nam');
    await dialog
      .getByRole('option', { name: /\(VN\)/ })
      .first()
      .click();
    await dialog.getByLabel('Kỳ đầu tiên').fill('202301');
    await dialog.getByLabel('Tìm chỉ tiêu (không cần dấu)').fill('phu song 5G');
    await dialog.locator('.od-item-list label').filter({ hasText: 'TL_PHU_5G' }).locator('input').check();
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const created = page.locator('li[data-dataset="THU_XOA"]');
    await created.waitFor();
    assert.equal(await created.getByTestId('od-no-delete').count(), 0, 'never published: no explanation, a delete button');
    let confirmation = '';
    page.once('dialog', (d) => {
      confirmation = d.message();
      void d.accept();
    });
    await created.getByRole('button', { name: 'Xoá' }).click();
    await created.waitFor({ state: 'detached' });
    assert.match(confirmation, /Xoá bộ dữ liệu THU_XOA/);
    assert.equal((await page.request.get(`${site.baseUrl}/api/opendata/datasets/THU_XOA`)).status(), 404, 'gone from the server too');
    assert.equal(await page.locator('li[data-dataset]').count(), 3);
  });

  test('the public dataset page shows the provinces of the chosen period on a map: names, legend, no data said as such; on a phone too', async () => {
    const { page } = await site.page();
    await page.goto(`${site.baseUrl}/du-lieu-mo/HA_TANG_VIEN_THONG`);
    const map = page.locator('section.od-map');
    await map.getByRole('heading', { level: 2, name: 'Bản đồ các tỉnh, thành phố' }).waitFor();
    // 2023 is before 1/7/2025: the 63 provinces, named, not coded.
    const tiles = map.locator('[role="listitem"]');
    assert.equal(await tiles.count(), 63);
    assert.ok(await map.getByText('Theo 63 tỉnh, thành phố trước ngày 01/07/2025.').isVisible());
    assert.match(await map.locator('[data-province="01"]').innerText(), /Hà Nội/);
    assert.equal(await map.getByLabel('Kỳ trên bản đồ').inputValue(), '202312', 'the latest period by default');
    const coverage = await map.locator('[data-map-coverage]').getAttribute('data-map-coverage');
    const [withFigure, total] = coverage!.split('/').map(Number);
    assert.equal(total, 63);
    const empty = await map.locator('[data-empty="true"]').count();
    assert.equal(empty, 63 - withFigure, 'every province without a figure is an empty square');
    if (empty > 0) assert.match(await map.locator('[data-empty="true"]').first().innerText(), /Chưa có số liệu|–/);
    assert.ok(await map.locator('.tile-legend').getByText('Chưa có số liệu').isVisible(), 'the legend names the empty square');

    // Another indicator and period; the choice is kept in the address.
    await map.getByLabel('Chỉ tiêu trên bản đồ').selectOption({ index: 1 });
    await map.getByLabel('Kỳ trên bản đồ').selectOption('202306');
    assert.match(page.url(), /mp=202306/);
    assert.match(page.url(), /mi=/);
    await page.reload();
    assert.equal(await page.locator('section.od-map').getByLabel('Kỳ trên bản đồ').inputValue(), '202306');
    assert.deepEqual(await accessibilityProblems(page), [], 'the dataset page with its map passes axe-core');
    await screenshot(page, 'open-data-map');
    await page.locator('section.od-map').screenshot({ path: path.join(ARTIFACTS, 'open-data-map-section.png') });

    await page.setViewportSize(PHONE);
    await page.locator('section.od-map').scrollIntoViewIfNeeded();
    await screenshot(page, 'open-data-map-phone');
    await page.locator('section.od-map').screenshot({ path: path.join(ARTIFACTS, 'open-data-map-section-phone.png') });
    assert.ok((await overflowOf(page)) <= 1, 'the map page does not scroll sideways on a phone');
    assert.deepEqual(cspViolations, []);
  });
});
