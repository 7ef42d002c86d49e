import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cspViolations, journey, PHONE, screenshot } from './support.ts';

describe('browser journey: the org-unit tree and its changes', () => {
  const site = journey();

  test('the administrator walks the tree, adds a unit (a wrong one first), edits it and closes it; the tree opens on a unit given by its address', async () => {
    const admin = await site.page();
    const phone = await site.page(PHONE);
    const p = admin.page;
    await site.signIn(p, 'admin', '/admin/org-units');
    const tree = p.getByRole('tree', { name: 'Cây đơn vị' });
    await tree.getByRole('button', { name: 'Mở Việt Nam' }).click();
    await tree.getByRole('button', { name: /^Thành phố Hà Nội/ }).click();
    await p.getByRole('heading', { level: 2, name: 'Thành phố Hà Nội' }).waitFor();
    assert.equal(await tree.getByRole('treeitem', { selected: true }).count(), 1, 'one unit is selected in the tree');

    // A child unit: without a name it is refused at the field, and nothing is created.
    await p.getByRole('button', { name: 'Thêm đơn vị trực thuộc' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.getByLabel('Mã').fill('01-TTCDS');
    await dialog.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await dialog.locator('.field.has-error').first().waitFor();
    assert.match(await dialog.locator('.field.has-error').first().innerText(), /Tên tiếng Việt/);
    await dialog.getByLabel('Tên tiếng Việt').fill('Trung tâm Chuyển đổi số Hà Nội');
    await dialog.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await p.getByRole('heading', { level: 2, name: 'Trung tâm Chuyển đổi số Hà Nội' }).waitFor();
    assert.match(p.url(), /unit=01-TTCDS/);
    await p.getByText('Đã lưu thay đổi của đơn vị.').waitFor();

    // Its English name, then it closes.
    await p.getByRole('button', { name: 'Sửa thông tin' }).click();
    await p
      .getByRole('dialog')
      .getByLabel(/Tên tiếng Anh/)
      .fill('Ha Noi Digital Transformation Centre');
    await p.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await p.getByRole('dialog').waitFor({ state: 'hidden' });
    await screenshot(p, 'org-units-01-created-desktop');
    await p.getByRole('button', { name: 'Ngừng hoạt động' }).click();
    await p.getByRole('dialog').getByRole('button', { name: 'Ngừng hoạt động' }).click();
    await p
      .locator('.unit-detail .badge-bad')
      .getByText(/Ngừng hoạt động \d{2}\/\d{2}\/\d{4}/)
      .waitFor();
    // A closed unit offers only its edit.
    assert.equal(await p.getByRole('button', { name: 'Sáp nhập' }).count(), 0);

    // Opened by its address, the unit is in view in the tree (its ancestors open) once closed units are shown.
    await p.goto(`${site.baseUrl}/admin/org-units?unit=01-TTCDS&closed=1`);
    await tree.getByRole('treeitem', { selected: true }).getByText('Trung tâm Chuyển đổi số Hà Nội').waitFor();

    // The change is in the audit trail with the unit's code.
    const audit = await p.evaluate(async () => (await fetch('/api/audit?objectType=orgUnit&objectId=01-TTCDS')).json());
    assert.ok(JSON.stringify(audit).includes('01-TTCDS'), 'the audit trail names the new unit');

    // A group: created, then a unit added by searching its name, then removed.
    await p.getByRole('tab', { name: 'Nhóm, lĩnh vực' }).click();
    await p.getByRole('button', { name: 'Thêm nhóm' }).click();
    const groupDialog = p.getByRole('dialog');
    await groupDialog.getByLabel('Mã').fill('CUM_THU_DO');
    await groupDialog.getByLabel('Tên tiếng Việt').fill('Cụm thi đua Thủ đô');
    await groupDialog.getByRole('button', { name: 'Lưu' }).click();
    const members = p.getByRole('region', { name: 'Cụm thi đua Thủ đô' });
    await members.getByText('Nhóm chưa có đơn vị nào.').waitFor();
    await members.getByLabel('Thêm đơn vị vào nhóm').fill('ha noi');
    await p
      .getByRole('option', { name: /Thành phố Hà Nội/ })
      .first()
      .click();
    await members.getByRole('button', { name: 'Thêm', exact: true }).click();
    await members.getByText('Thành phố Hà Nội').waitFor();
    await screenshot(p, 'org-units-03-group-desktop');
    await members.getByRole('button', { name: 'Bỏ khỏi nhóm Thành phố Hà Nội' }).click();
    await members.getByText('Nhóm chưa có đơn vị nào.').waitFor();

    await site.signIn(phone.page, 'admin', '/admin/org-units?unit=01');
    await phone.page.getByRole('heading', { level: 2, name: 'Thành phố Hà Nội' }).waitFor();
    await screenshot(phone.page, 'org-units-02-phone');
    assert.deepEqual(cspViolations, []);
  });

  test('a reporting officer sees the tree but no change buttons', async () => {
    const officer = await site.page();
    const p = officer.page;
    await site.signIn(p, 'canbo.hanoi', '/admin/org-units?unit=01');
    await p.getByRole('heading', { level: 2, name: 'Thành phố Hà Nội' }).waitFor();
    assert.equal(await p.getByRole('button', { name: 'Sửa thông tin' }).count(), 0);
  });
});
