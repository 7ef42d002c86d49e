import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { OLD_PROVINCES, PROVINCE_MERGERS } from '../src/core/provinces.ts';
import { accessibilityProblems, ARTIFACTS, cspViolations, journey, PHONE, screenshot } from './support.ts';

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

/** Width and height of a PNG file, read from its header (after checking it is a PNG). */
function pngSize(file: string): { width: number; height: number; bytes: number } {
  const buffer = fs.readFileSync(file);
  assert.deepEqual([...buffer.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
  assert.equal(buffer.subarray(12, 16).toString('ascii'), 'IHDR');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20), bytes: buffer.length };
}

/** Names on the map's squares that are cut (more text than the square shows). */
async function clippedTileNames(page: Page): Promise<string[]> {
  return page.locator('.analysis-map .tile-name').evaluateAll((els) => els.filter((e) => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent ?? ''));
}

describe('analysis journey: a leader finds an indicator in the catalogue and analyses it freely', () => {
  const site = journey();

  test('catalogue → search "dan so" → analysis of an indicator × last 12 months × provinces → chart → shared link → CSV', async () => {
    const { context, page } = await site.as('lanhdao', '/');
    // The menu leads to the catalogue and the analysis.
    await page.locator('.sidebar').getByRole('link', { name: 'Danh mục chỉ tiêu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Danh mục chỉ tiêu' }).waitFor();
    await page.locator('[data-entry="TL_KY_SO"]').waitFor();
    // Every indicator and data element of the demo, not only those with targets, as the API counts them.
    const all = Number(await page.locator('[data-catalogue-count]').getAttribute('data-catalogue-count'));
    const expected = await page.evaluate(async () => {
      const indicators = (await (await fetch('/api/indicators')).json()) as unknown[];
      const elements = (await (await fetch('/api/dataElements?limit=1000')).json()) as { total: number };
      return indicators.length + elements.total;
    });
    assert.ok(expected >= 40, `the demo's indicators and data elements: ${expected}`);
    assert.equal(all, expected);
    assert.ok((await page.locator('.catalogue-sector h2').count()) >= 8, 'grouped by sector');
    assert.ok(await page.locator('.sidebar').getByRole('link', { name: 'Phân tích', exact: true }).isVisible());
    await desktopAndPhone(page, 'analysis-01-catalogue');
    assert.deepEqual(await accessibilityProblems(page), [], 'the catalogue passes axe-core (WCAG 2 A/AA, serious and critical)');

    // Search without diacritics.
    await page.getByLabel('Tìm chỉ tiêu, chỉ số').fill('dan so');
    await page.waitForFunction(() => !document.querySelector('[data-entry="TL_KY_SO"]'));
    const found = await page.locator('[data-entry]').evaluateAll((els) => els.map((e) => e.getAttribute('data-entry')));
    for (const code of ['DAN_SO', 'DAN_SO_PHU_5G', 'TL_PHU_5G']) assert.ok(found.includes(code), `"dan so" finds ${code} (${found.join(', ')})`);
    assert.match(page.url(), /q=dan(\+|%20)so/);
    await screenshot(page, 'analysis-02-catalogue-search');
    // An indicator's name leads to its page.
    assert.equal(await page.locator('[data-entry="TL_PHU_5G"]').getByRole('link', { name: 'Tỷ lệ dân số được phủ sóng 5G', exact: true }).getAttribute('href'), '/indicators/TL_PHU_5G');

    // Open the analysis of the 5G coverage rate.
    await page.getByRole('link', { name: 'Phân tích: Tỷ lệ dân số được phủ sóng 5G' }).click();
    await page.getByRole('heading', { level: 1, name: 'Phân tích số liệu' }).waitFor();
    assert.match(page.url(), /\/analysis\?dx=TL_PHU_5G/);
    await page.locator('.chips [data-chip="TL_PHU_5G"]').waitFor();
    await page.locator('.chips [data-chip="LAST_12_MONTHS"]').getByText('12 tháng gần nhất').waitFor();
    // The provinces: Việt Nam found by a search without diacritics, then its level-2 units instead of the caller's own.
    await page.getByRole('button', { name: 'Bỏ Đơn vị của tôi' }).click();
    await page.getByLabel('Tìm đơn vị').fill('viet nam');
    await page.getByRole('checkbox', { name: 'Việt Nam', exact: true }).check();
    await page.getByRole('checkbox', { name: /^Cấp 2: Tỉnh, thành phố/ }).check();
    await page.locator('.chips [data-chip="VN"]').getByText('Việt Nam').waitFor();

    // The pivot: provinces on the rows, the 12 months on the columns, every figure with its coverage.
    const output = page.locator('.analysis-output[data-rows="34"][data-columns="12"]');
    await output.waitFor({ timeout: 20_000 });
    const heads = await output.locator('thead th').allInnerTexts();
    assert.equal(heads.filter((h) => /^Tháng \d{1,2}\/\d{4}$/.test(h.trim())).length, 12, `12 months named as "Tháng 9/2026" (${heads.join(' | ')})`);
    await output.locator('tbody th', { hasText: 'Thành phố Hà Nội' }).waitFor();
    assert.ok((await output.locator('tbody td[data-coverage]').count()) > 300, 'the figures carry their coverage');
    assert.match(await output.locator('tbody td[data-coverage]').first().innerText(), /\d+\/\d+/);
    await output.getByText('Số liệu: Đã gửi và đã duyệt').waitFor();
    // Totals, computed by analytics with the rate's own aggregation, with their own coverage.
    const totalCells = output.locator('tfoot td[data-coverage]');
    await totalCells.first().waitFor();
    assert.ok((await totalCells.count()) >= 12, 'a total per month and the grand total');
    await output.getByText(/không phải phép cộng các ô/).waitFor();
    await desktopAndPhone(page, 'analysis-03-pivot');
    assert.deepEqual(await accessibilityProblems(page), [], 'the analysis table passes axe-core');

    // Switch to a chart.
    await page.getByRole('button', { name: 'Biểu đồ đường' }).click();
    await page.locator('.analysis-output canvas').waitFor();
    assert.match(page.url(), /view=line/);
    await desktopAndPhone(page, 'analysis-04-chart');

    // Save the analysis by name (kept with the account).
    await page.getByLabel('Tên phân tích').fill('Phủ sóng 5G các tỉnh');
    await page.getByRole('button', { name: 'Lưu phân tích' }).click();
    await page.locator('.saved-list').getByRole('link', { name: 'Phủ sóng 5G các tỉnh' }).waitFor();

    // The link reopens the same analysis in another tab.
    const link = await page.getByLabel('Đường dẫn đến phân tích này').inputValue();
    assert.match(link, /dx=TL_PHU_5G/);
    assert.match(link, /ou=VN(%3B|;)LEVEL-2/);
    const other = await context.newPage();
    await other.goto(link);
    await other.locator('.analysis-output[data-rows="34"][data-columns="12"] canvas').waitFor({ timeout: 20_000 });
    assert.equal(await other.getByRole('button', { name: 'Biểu đồ đường' }).getAttribute('aria-pressed'), 'true');
    await other.locator('.chips [data-chip="VN"]').getByText('Việt Nam').waitFor();
    // The saved analysis belongs to the account: it is listed on the other page too.
    await other.locator('.saved-list').getByRole('link', { name: 'Phủ sóng 5G các tỉnh' }).waitFor();
    await other.close();

    // The chart as a picture: drawn again at a fixed size, titled, as a PNG named after the indicator and the months.
    const [chartPng] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải ảnh (PNG)' }).click()]);
    assert.match(chartPng.suggestedFilename(), /^ty-le-dan-so-duoc-phu-song-5g-thang-\d{1,2}-\d{4}-thang-\d{1,2}-\d{4}\.png$/);
    const chartFile = path.join(ARTIFACTS, 'analysis-chart-download.png');
    await chartPng.saveAs(chartFile);
    const chartSize = pngSize(chartFile);
    assert.ok(chartSize.width === 2 * (1100 + 48) && chartSize.height >= 2 * 560, `the chart at twice its size (${chartSize.width}×${chartSize.height})`);
    assert.ok(chartSize.bytes > 30_000, `a chart with its lines and legend, not a blank picture (${chartSize.bytes} bytes)`);

    // Switch to the map: the 34 provinces of the latest month with a figure, as squares named in full.
    await page.getByRole('button', { name: 'Bản đồ', exact: true }).click();
    const map = page.locator('.analysis-map[data-map="34"]');
    await map.waitFor({ timeout: 20_000 });
    assert.match(page.url(), /view=map/);
    const mapPeriod = (await map.getAttribute('data-map-period'))!;
    assert.match(mapPeriod, /^\d{6}$/);
    assert.equal(await map.getByLabel('Kỳ trên bản đồ').inputValue(), mapPeriod);
    assert.equal(await map.locator('.tile').count(), 34);
    // A square with a figure reads its name and the figure analytics gives for that province and month.
    const filled = map.locator('.tile:not([data-empty])').first();
    const code = (await filled.getAttribute('data-province'))!;
    const label = await filled.locator('.sr-only').innerText();
    const figure = await page.evaluate(
      async ({ pe, ou }) => {
        const r = (await (await fetch(`/api/analytics?dimension=dx:TL_PHU_5G&dimension=pe:${pe}&dimension=ou:${ou}`)).json()) as {
          rows: string[][];
          metaData: { items: Record<string, { name: string }> };
        };
        const indicator = ((await (await fetch('/api/indicators')).json()) as { code: string; decimals: number }[]).find((i) => i.code === 'TL_PHU_5G')!;
        const value = r.rows[0]?.[3];
        // Written as the screen writes an indicator: Vietnamese digits with the indicator's decimals.
        const shown = value === undefined ? '' : new Intl.NumberFormat('vi-VN', { minimumFractionDigits: indicator.decimals, maximumFractionDigits: indicator.decimals }).format(Number(value));
        return { value, shown, reported: r.rows[0]?.[4], expected: r.rows[0]?.[5] };
      },
      { pe: mapPeriod, ou: code },
    );
    assert.ok(figure.value, `analytics has a figure for ${code} in ${mapPeriod}`);
    assert.ok(label.includes(`: ${figure.shown} %`), `the square reads the figure "${figure.value}" as ${figure.shown} (${label})`);
    assert.ok(label.includes(`${figure.reported}/${figure.expected} báo cáo`), `and its coverage (${label})`);
    assert.doesNotMatch(label, /^\d/, 'a name, not a code');
    // A province without a submitted figure this month is an empty, dashed square that says so — never 0.
    const empty = map.locator('.tile[data-empty="true"]');
    assert.ok((await empty.count()) >= 1, 'some provinces have not reported the latest month');
    assert.match(await empty.first().locator('.sr-only').innerText(), /^[^\d:]+: Chưa có số liệu$/);
    assert.equal(await empty.first().locator('.tile-value').innerText(), '–');
    assert.equal(await empty.first().evaluate((e) => getComputedStyle(e).borderTopStyle), 'dashed');
    const coverageNote = (await map.locator('[data-map-coverage]').getAttribute('data-map-coverage'))!;
    assert.equal(Number(coverageNote.split('/')[0]), 34 - (await empty.count()));
    // The legend lists the value classes.
    const classes = await map.locator('.legend-classes li').allInnerTexts();
    assert.ok(classes.length >= 3, `value classes (${classes.join(' | ')})`);
    assert.ok(
      classes.every((c) => /^\d+(,\d+)?( – \d+(,\d+)?)?$/.test(c.trim())),
      `classes written as Vietnamese numbers (${classes.join(' | ')})`,
    );
    assert.deepEqual(await clippedTileNames(page), [], 'no province name is cut on the laptop');
    await desktopAndPhone(page, 'analysis-06-map');
    await page.setViewportSize({ width: 390, height: 844 });
    assert.deepEqual(await clippedTileNames(page), [], 'no province name is cut on the phone');
    await map.screenshot({ path: path.join(ARTIFACTS, 'analysis-06-map-phone-detail.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
    assert.deepEqual(await accessibilityProblems(page), [], 'the map passes axe-core (text on every square readable)');

    // Another month: kept in the link.
    const months = await map
      .getByLabel('Kỳ trên bản đồ')
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    assert.equal(months.length, 12);
    const earlier = months.find((m) => m !== mapPeriod)!;
    await map.getByLabel('Kỳ trên bản đồ').selectOption(earlier);
    await page.locator(`.analysis-map[data-map-period="${earlier}"]`).waitFor();
    assert.match(page.url(), new RegExp(`mappe=${earlier}`));

    // The map as a picture: a PNG named after the indicator and the month, with every square drawn.
    const [mapPng] = await Promise.all([page.waitForEvent('download'), page.locator('.analysis-map').getByRole('button', { name: 'Tải ảnh (PNG)' }).click()]);
    const [year, month] = [earlier.slice(0, 4), String(Number(earlier.slice(4)))];
    assert.equal(mapPng.suggestedFilename(), `ty-le-dan-so-duoc-phu-song-5g-thang-${month}-${year}.png`);
    const mapFile = path.join(ARTIFACTS, 'analysis-map-download.png');
    await mapPng.saveAs(mapFile);
    const mapSize = pngSize(mapFile);
    assert.ok(mapSize.width === 2 * 740 && mapSize.height > 2 * 1000, `the 34 squares in 14 rows at twice their size (${mapSize.width}×${mapSize.height})`);
    assert.ok(mapSize.bytes > 40_000, `a drawn map, not a blank picture (${mapSize.bytes} bytes)`);

    // Saved with its view and month, and the link reopens the same map.
    await page.getByLabel('Tên phân tích').fill('Bản đồ phủ sóng 5G');
    await page.getByRole('button', { name: 'Lưu phân tích' }).click();
    const savedMap = page.locator('.saved-list').getByRole('link', { name: 'Bản đồ phủ sóng 5G' });
    await savedMap.waitFor();
    assert.match((await savedMap.getAttribute('href'))!, new RegExp(`view=map.*mappe=${earlier}`));
    const mapLink = await page.getByLabel('Đường dẫn đến phân tích này').inputValue();
    const third = await context.newPage();
    await third.goto(mapLink);
    await third.locator(`.analysis-map[data-map="34"][data-map-period="${earlier}"]`).waitFor({ timeout: 20_000 });
    await third.close();

    // Back to the table and download the CSV: names, values and coverage of every cell.
    await page.getByRole('button', { name: 'Bảng' }).click();
    await page.locator('.analysis-output table').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải CSV' }).click()]);
    const file = await download.path();
    assert.ok(file, 'the CSV downloads');
    const csv = fs.readFileSync(file, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    assert.equal(lines[0].replace(/^\uFEFF/, ''), 'ou,ouname,pe,pename,value,reported,expected,coverage');
    assert.ok(lines.length > 300, `one line per figure (${lines.length})`);
    assert.ok(
      lines.some((l) => /^01,Thành phố Hà Nội,\d{6},Tháng \d{1,2}\/\d{4},[\d.]+,\d+,\d+,[\d.]+$/.test(l)),
      'Hà Nội with its month in words and its coverage',
    );

    // The table as laid out (units down, months across), each value with its coverage beside it.
    const [table] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải bảng như đang xem (CSV)' }).click()]);
    const tableLines = fs
      .readFileSync((await table.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    assert.match(
      tableLines.find((l) => !l.startsWith('#'))!,
      /^Đơn vị,Tháng \d{1,2}\/\d{4},Tháng \d{1,2}\/\d{4} — đã báo cáo\/phải báo cáo,/,
    );
    assert.ok(
      tableLines.some((l) => /^Thành phố Hà Nội,[\d.]*,(\d+\/\d+)?,/.test(l)),
      'a row per unit',
    );

    // A cell explains itself: its raw values and arithmetic, for that unit and month.
    await page.locator('.analysis-output tbody tr', { hasText: 'Thành phố Hà Nội' }).locator('button.figure-link').first().click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByText('Thành phố Hà Nội').first().waitFor();
    await screenshot(page, 'analysis-explain-cell');
    await page.keyboard.press('Escape');

    // In English: the same analysis, names and periods in English.
    await page.getByRole('button', { name: /^EN/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Data analysis' }).waitFor();
    await page.locator('.analysis-output tbody th', { hasText: 'Ha Noi City' }).waitFor();
    const enHeads = await page.locator('.analysis-output thead th').allInnerTexts();
    assert.ok(
      enHeads.some((h) => /^[A-Z][a-z]+ \d{4}$/.test(h.trim())),
      `months in English (${enHeads.join(' | ')})`,
    );
    await page.getByRole('button', { name: /^VI/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Phân tích số liệu' }).waitFor();
    assert.deepEqual(cspViolations, []);
  });
  test('a disaggregated data element offers its options; different data get no total across them', async () => {
    const { page } = await site.as('lanhdao', '/analysis?dx=ND_XAU_DA_GO&pe=LAST_12_MONTHS&ou=VN&rows=dx&columns=pe');
    await page.locator('.analysis-output[data-rows="1"][data-columns="12"]').waitFor({ timeout: 20_000 });
    // The element's options (platforms) are offered under it once it is chosen.
    const options = page.locator('.picker-option input[type="checkbox"]');
    await options.first().waitFor();
    assert.ok((await options.count()) >= 2, 'the platforms of the element');
    await options.first().check();
    await page.locator('.analysis-output[data-rows="2"][data-columns="12"]').waitFor({ timeout: 20_000 });
    assert.match(page.url(), /dx=ND_XAU_DA_GO(%3B|;)ND_XAU_DA_GO\.[A-Z_]+/);
    const rowNames = await page.locator('.analysis-output tbody th').allInnerTexts();
    assert.match(rowNames[1], /^Số nội dung xấu độc đã được gỡ bỏ \(.+\)$/, `the option named, not coded (${rowNames.join(' | ')})`);
    // Two data items on the rows: a total per month would add different measures, and the screen says so.
    assert.equal(await page.locator('.analysis-output tfoot').count(), 0);
    await page.getByText(/Không có “Tổng hợp” theo chiều có nhiều chỉ tiêu/).waitFor();
    assert.equal(await page.locator('.analysis-output thead th', { hasText: 'Tổng hợp' }).count(), 1, 'each item over the months is still one measure');
    assert.deepEqual(await accessibilityProblems(page), [], 'the analysis with options passes axe-core');
    await screenshot(page, 'analysis-05-options');
  });
  test('the map of units that are not provinces says it shows provinces only and offers the table', async () => {
    const { page } = await site.as('lanhdao', '/analysis?dx=TL_PHU_5G&pe=LAST_12_MONTHS&ou=VN&view=map');
    const notice = page.locator('.analysis-map[data-map="none"] [data-map-provinces-only]');
    await notice.waitFor({ timeout: 20_000 });
    assert.match(await notice.innerText(), /Bản đồ chỉ vẽ các tỉnh, thành phố; các đơn vị đã chọn \(Việt Nam\) không phải tỉnh, thành phố/);
    assert.equal(await page.locator('.analysis-map .tile').count(), 0);
    assert.deepEqual(await accessibilityProblems(page), [], 'the map notice passes axe-core');
    await page.getByRole('button', { name: 'Xem dạng bảng' }).click();
    await page.locator('.analysis-output table').waitFor({ timeout: 20_000 });
    assert.doesNotMatch(page.url(), /view=map/);

    // 2024 by the 63 provinces of the time (the unchanged ones and the closed T63-xx units): the 63-square map.
    const unchanged = new Set(PROVINCE_MERGERS.filter((m) => m.from.length === 1 && m.from[0] === m.newCode).map((m) => m.newCode as string));
    const old = OLD_PROVINCES.map((p) => (unchanged.has(p.gsoCode) ? p.gsoCode : `T63-${p.gsoCode}`));
    await page.goto(`${site.baseUrl}/analysis?dx=TL_PHU_5G&pe=2024&ou=${old.join(';')}&view=map`);
    const map63 = page.locator('.analysis-map[data-map="63"][data-map-period="2024"]');
    await map63.waitFor({ timeout: 20_000 });
    assert.equal(await map63.locator('.tile').count(), 63);
    assert.equal(
      await map63
        .locator('[data-province="02"] .sr-only')
        .innerText()
        .then((x) => x.split(':')[0]),
      'Hà Giang',
    );
    assert.equal(await page.locator('[data-map-unplaced]').count(), 0, 'every unit of 2024 has its square');
    assert.deepEqual(await clippedTileNames(page), [], 'no name cut on the 63-square map');
    await desktopAndPhone(page, 'analysis-07-map-63');
    await page.setViewportSize({ width: 390, height: 844 });
    assert.deepEqual(await clippedTileNames(page), [], 'no name cut on the 63-square map on the phone');
    await page.setViewportSize({ width: 1366, height: 768 });
    // Today's 34 provinces asked about 2024 carry their predecessors' figures: the 34-square map, said in words.
    await page.goto(`${site.baseUrl}/analysis?dx=TL_PHU_5G&pe=2024&ou=VN;LEVEL-2&view=map`);
    await page.locator('.analysis-map[data-map="34"][data-map-period="2024"]').waitFor({ timeout: 20_000 });
    await page.getByText(/số liệu Năm 2024 của các tỉnh cũ được tính vào tỉnh, thành phố mới/).waitFor();
    assert.deepEqual(await accessibilityProblems(page), [], 'the map of 2024 passes axe-core');
  });
});
