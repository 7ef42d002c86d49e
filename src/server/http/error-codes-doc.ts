import { ERROR_CODES } from './error-codes.ts';

/** docs/errors.md, written from the registry (npm run docs:errors); a test keeps the file equal to this. */
export function renderErrorCodesDoc(): string {
  const rows = Object.entries(ERROR_CODES)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, spec]) => {
      const conflict = 'importConflict' in spec && spec.importConflict ? ' ¹' : '';
      return `| \`${code}\`${conflict} | ${spec.status.join(', ')} | ${spec.vi} | ${spec.en} |`;
    });
  return [
    '# Mã lỗi / Error codes',
    '',
    '<!-- Written by `npm run docs:errors` from src/server/http/error-codes.ts; do not edit by hand. -->',
    '',
    'Every refusal of the API has the same shape (see [api.md](api.md#2-lỗi--errors)): `error.code`, a message in',
    'the language asked for, and `details` naming each field, row or cell. Clients branch on `error.code`; this is',
    'the complete list of codes, with the HTTP statuses each may come with. A code is never renamed.',
    '',
    'Mọi lỗi của API có cùng dạng: `error.code`, thông điệp theo ngôn ngữ yêu cầu và `details` nêu từng trường, dòng',
    'hoặc ô. Danh sách dưới đây là toàn bộ mã lỗi cùng các mã trạng thái HTTP đi kèm.',
    '',
    '¹ Also reported per value among the `conflicts` of an import summary (POST /api/dataValueSets). /',
    'Cũng được báo theo từng giá trị trong `conflicts` của kết quả nhập.',
    '',
    `${rows.length} codes / mã.`,
    '',
    '| code | HTTP | Ý nghĩa | Meaning |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
