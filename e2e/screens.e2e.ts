import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { cspViolations, currentMonth, E2E, journey, PHONE, screenshot, signIn } from './support.ts';

// Every screen opens for an administrator with a heading and without an error state, at a laptop's
// size and on a phone; the pictures are kept as test artifacts.
const SCREENS: { path: string; heading: string; name: string }[] = [
  { path: '/', heading: 'Tổng quan', name: 'overview' },
  { path: `/indicators/${E2E.indicator}`, heading: 'Số vụ việc đã xử lý (thử nghiệm)', name: 'indicator' },
  { path: `/data-entry?regime=${E2E.regime}&period=${currentMonth()}&orgUnit=01`, heading: 'Nhập số liệu', name: 'data-entry' },
  { path: `/completeness?regime=${E2E.regime}`, heading: 'Tình hình báo cáo', name: 'completeness' },
  { path: `/data-quality?regime=${E2E.regime}`, heading: 'Chất lượng dữ liệu', name: 'data-quality' },
  { path: '/alerts?state=ALL', heading: 'Cảnh báo', name: 'alerts' },
  { path: '/admin/indicators', heading: 'Chỉ tiêu', name: 'indicators-admin' },
  { path: '/admin/data-elements?q=thue%20bao', heading: 'Chỉ số (dữ liệu gốc)', name: 'data-elements-admin' },
  { path: '/admin/targets', heading: 'Mục tiêu', name: 'targets-admin' },
  { path: `/admin/regimes?regime=${E2E.regime}`, heading: 'Chế độ báo cáo', name: 'regimes' },
  { path: '/admin/validation-rules', heading: 'Quy tắc kiểm tra số liệu', name: 'validation-rules' },
  { path: '/admin/org-units?unit=15', heading: 'Đơn vị', name: 'org-units' },
  { path: '/admin/users', heading: 'Người dùng', name: 'users' },
  { path: '/admin/tokens', heading: 'Mã truy cập API', name: 'tokens' },
  { path: '/admin/audit', heading: 'Nhật ký thao tác', name: 'audit' },
];

async function expectScreen(page: Page, heading: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  // Every loading state must end: a screen with one still shown after 15 s fails here, naming the screen.
  await page
    .waitForFunction(() => document.querySelectorAll('.state-loading').length === 0, null, { timeout: 15_000 })
    .catch((err: Error) => assert.fail(`"${heading}" is still loading after 15 s: ${err.message.split('\n')[0]}`));
  assert.equal(await page.locator('.state-error').count(), 0, `no error state on "${heading}"`);
}

describe('every screen', () => {
  const site = journey({ fixtures: true });

  for (const viewport of [
    { label: 'laptop', size: { width: 1366, height: 768 } },
    { label: 'phone', size: PHONE },
  ]) {
    test(`opens without errors (${viewport.label})`, async () => {
      const { page } = await site.as('admin', undefined, viewport.size);
      for (const screen of SCREENS) {
        await page.goto(site.baseUrl + screen.path);
        await expectScreen(page, screen.heading);
        // The demo says on every page that it is one.
        await page.locator('.demo-badge').waitFor();
        await screenshot(page, `screen-${viewport.label}-${screen.name}`);
      }
    });
  }

  test('an API token is shown once with a copy button, then listed and revoked', async () => {
    const { page } = await site.as('admin', '/admin/tokens');
    await page.getByRole('button', { name: /Tạo mã truy cập/ }).click();
    await page.getByLabel('Tên gợi nhớ').fill('Hệ thống Sở Hà Nội');
    // The unit is searched by its name as people type it (no diacritics, no space), not by its code.
    await page.getByRole('combobox', { name: 'Đơn vị' }).fill('hanoi');
    await page.getByRole('option', { name: /\(01\)/ }).click();
    await page.locator('[data-chosen="01"]').waitFor();
    // Or browsed in the hierarchy: the tree opens at the chosen unit, and a click there chooses another.
    await page.getByRole('button', { name: 'Chọn trong cây đơn vị' }).click();
    await page
      .getByRole('treeitem', { name: /Hà Nội/, selected: true })
      .first()
      .waitFor();
    await screenshot(page, 'unit-picker-tree');
    await page.locator('[role="tree"] > li > .tree-row .tree-label').first().click();
    await page.locator('[data-unit-picker]:not([data-chosen="01"]):not([data-chosen=""])').waitFor();
    assert.equal(await page.getByRole('tree').count(), 0, 'the tree closes once a unit is chosen');
    await page.getByRole('combobox', { name: 'Đơn vị' }).fill('hanoi');
    await page.getByRole('option', { name: /\(01\)/ }).click();
    await page.locator('[data-chosen="01"]').waitFor();
    await page.getByRole('button', { name: 'Tạo mới' }).click();
    const secret = await page.getByTestId('token-secret').innerText();
    assert.match(secret, /^tdk_/);
    await page.getByRole('button', { name: 'Sao chép' }).waitFor();
    await screenshot(page, 'token-secret-once');
    await page.getByRole('button', { name: 'Đóng' }).last().click();
    const row = page.locator('tr', { hasText: 'Hệ thống Sở Hà Nội' });
    await row.getByText('Chưa dùng').waitFor();
    assert.ok(!(await page.content()).includes(secret), 'the secret is not shown again');
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Thu hồi' }).click();
    await row.getByText('Đã thu hồi').waitFor();
  });

  test('a user is created with a scoped role; a wrong field is named beside it', async () => {
    const { page } = await site.as('admin', '/admin/users');
    await page.getByRole('button', { name: /Thêm người dùng/ }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Tên đăng nhập').fill('cán bộ');
    await dialog.getByLabel('Họ và tên').fill('Nguyễn Văn An');
    await dialog.getByLabel('Mật khẩu ban đầu').fill('mat-khau-rat-dai-2026');
    await dialog.getByRole('combobox', { name: 'Phạm vi (đơn vị)' }).fill('da nang');
    await dialog.getByRole('option', { name: /\(48\)/ }).click();
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.locator('.field-error').first().waitFor();
    assert.match(await dialog.locator('.field-error').first().innerText(), /Tên đăng nhập/);
    await screenshot(page, 'user-form-error');
    await dialog.getByLabel('Tên đăng nhập').fill('canbo.an');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.locator('tr', { hasText: 'canbo.an' }).getByText('Thành phố Đà Nẵng').waitFor();
    // Search ignores diacritics.
    await page.getByLabel('Tìm kiếm').fill('nguyen van an');
    await page.locator('tr', { hasText: 'lanhdao' }).waitFor({ state: 'detached' });
    await page.locator('tr', { hasText: 'canbo.an' }).waitFor();
    assert.equal(await page.locator('tbody tr').count(), 1);
    // The new user must change the initial password before anything else.
    const { page: newcomer } = await site.page();
    await signIn(newcomer, site.baseUrl, 'canbo.an', 'mat-khau-rat-dai-2026');
    await newcomer.getByText('Bạn cần đổi mật khẩu trước khi tiếp tục.').waitFor();
    await newcomer.getByLabel('Mật khẩu hiện tại').fill('mat-khau-rat-dai-2026');
    await newcomer.getByLabel('Mật khẩu mới').fill('mat-khau-moi-cua-an-2026');
    await newcomer.getByRole('button', { name: 'Lưu' }).click();
    // A reporting officer lands on the reports to send.
    await newcomer.getByRole('heading', { level: 1, name: 'Việc cần làm' }).waitFor();
  });

  test('an indicator formula is checked while it is typed, with the position of the mistake', async () => {
    const { page } = await site.as('admin', '/admin/indicators');
    await page.getByRole('button', { name: /Thêm chỉ tiêu/ }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Tử số').fill(`#{${E2E.element}} / (#{${E2E.element}} + 2`);
    await dialog.getByText(/Vị trí \d+/).waitFor();
    await dialog.locator('.formula-caret').waitFor();
    await screenshot(page, 'indicator-formula-error');
    await dialog.getByLabel('Tử số').fill(`#{${E2E.element}} * 2`);
    await dialog.getByText('Công thức hợp lệ').first().waitFor();
  });

  test('a data element is created from administration; a wrong code is named beside its field', async () => {
    const { page } = await site.as('admin', '/admin/data-elements');
    await page.getByRole('button', { name: /Thêm chỉ số/ }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Mã').fill('MÃ SAI');
    await dialog.getByLabel('Tên (tiếng Việt)').fill('Số điểm truy cập Wi-Fi công cộng');
    await dialog.getByLabel('Cách tổng hợp').selectOption('LAST');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog
      .getByText(/Mã 1–64 ký tự/)
      .first()
      .waitFor();
    await dialog.getByLabel('Mã').fill('WIFI_CONG_CONG');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByLabel('Tìm kiếm').fill('wi-fi cong cong');
    await page.getByRole('cell', { name: /Số điểm truy cập Wi-Fi công cộng/ }).waitFor();
    await screenshot(page, 'data-element-created');
  });

  test('a target edited in administration shows on the overview', async () => {
    const { page } = await site.as('admin', '/admin/targets');
    await page.getByLabel('Tìm kiếm').fill('vu viec da xu ly');
    const row = page.locator('tr', { hasText: 'Việt Nam' }).filter({ hasText: 'Số vụ việc' });
    await row.getByRole('button', { name: 'Sửa' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Giá trị mục tiêu').fill('12.500');
    await dialog.getByLabel('Mốc trung gian').fill('2026:abc');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.getByText('Mốc “2026:abc” không đúng dạng kỳ:giá trị').waitFor();
    await dialog.getByLabel('Mốc trung gian').fill('');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Tổng quan' }).click();
    await page.locator(`tr[data-indicator="${E2E.indicator}"][data-unit="VN"]`, { hasText: '12.500' }).waitFor();
  });

  test('no page broke the Content-Security-Policy', () => {
    assert.deepEqual(cspViolations, []);
  });
});
