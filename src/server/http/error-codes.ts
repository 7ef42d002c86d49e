/**
 * The one registry of error codes: every `code` an answer of the API can carry, with the HTTP statuses it
 * may come with and what it means, in Vietnamese and English.
 *
 * `AppError`, `badRequest` and `conflict` accept only a code of this list, and only with one of its
 * statuses: a new code, or a known code with another status, fails the type check until it is declared here.
 * docs/errors.md is generated from this list (`npm run docs:errors`) and a test keeps the two equal.
 *
 * A code is part of the API: clients branch on it. Never rename one; add a new code instead.
 */

interface ErrorCodeSpec {
  /** The HTTP statuses the code comes with (most codes have exactly one). */
  readonly status: readonly number[];
  readonly vi: string;
  readonly en: string;
  /** The code also appears per value in an import summary's conflicts (DHIS2 paths). */
  readonly importConflict?: true;
}

export const ERROR_CODES = {
  // —— Sign-in, sessions and access ——
  UNAUTHENTICATED: { status: [401], vi: 'Cần đăng nhập', en: 'Sign-in required' },
  INVALID_CREDENTIALS: { status: [401], vi: 'Tên đăng nhập hoặc mật khẩu sai', en: 'Wrong username or password' },
  INVALID_TOKEN: { status: [401], vi: 'Mã truy cập API sai, hết hạn hoặc đã thu hồi', en: 'API token invalid, expired or revoked' },
  BASIC_AUTH_DISABLED: { status: [401], vi: 'Máy chủ không nhận đăng nhập HTTP Basic', en: 'HTTP Basic sign-in is turned off on this server' },
  BASIC_AUTH_NEEDS_HTTPS: { status: [401], vi: 'HTTP Basic chỉ được nhận qua https', en: 'HTTP Basic is only accepted over https' },
  ACCOUNT_LOCKED: { status: [423], vi: 'Tài khoản tạm khoá sau nhiều lần đăng nhập sai', en: 'Account locked for a while after repeated failed sign-ins' },
  PASSWORD_CHANGE_REQUIRED: { status: [403], vi: 'Cần đổi mật khẩu trước khi tiếp tục', en: 'The password must be changed before going on' },
  WRONG_PASSWORD: { status: [400], vi: 'Mật khẩu hiện tại không đúng', en: 'The current password is wrong' },
  SAME_PASSWORD: { status: [400], vi: 'Mật khẩu mới trùng mật khẩu cũ', en: 'The new password equals the old one' },
  CSRF_FAILED: { status: [403], vi: 'Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF)', en: 'Missing or wrong CSRF token' },
  FORBIDDEN: { status: [403], vi: 'Không có quyền với thao tác hoặc đơn vị này', en: 'Not allowed for this action or org unit' },
  TOO_MANY_REQUESTS: { status: [429], vi: 'Quá nhiều yêu cầu; thử lại sau', en: 'Too many requests; try again later' },
  USERNAME_TAKEN: { status: [409], vi: 'Tên đăng nhập đã có', en: 'Username taken' },
  CANNOT_DEACTIVATE_SELF: { status: [400], vi: 'Không tự khoá tài khoản của mình', en: 'One cannot deactivate one’s own account' },
  JOB_STARTER_REVOKED: { status: [403], vi: 'Người tạo công việc nền không còn quyền', en: 'The starter of a background job no longer has access' },

  // —— Requests in general ——
  VALIDATION_FAILED: { status: [400], vi: 'Dữ liệu không hợp lệ; chi tiết nêu từng trường', en: 'Invalid input; the details name each field' },
  MALFORMED_JSON: { status: [400], vi: 'JSON không hợp lệ', en: 'Malformed JSON' },
  MALFORMED_CSV: { status: [400], vi: 'CSV không hợp lệ (nêu dòng)', en: 'Malformed CSV (the line is named)' },
  MALFORMED_XML: { status: [400], vi: 'XML không hợp lệ (nêu dòng)', en: 'Malformed XML (the line is named)' },
  MALFORMED_ADX: { status: [400], vi: 'ADX không hợp lệ (nêu dòng)', en: 'Malformed ADX (the line is named)' },
  MALFORMED_UPLOAD: { status: [400], vi: 'Tệp tải lên không đọc được', en: 'The upload could not be read' },
  NESTING_TOO_DEEP: { status: [400], vi: 'Dữ liệu lồng nhau quá sâu', en: 'Input nested too deep' },
  NUL_CHARACTER: { status: [400], vi: 'Ký tự NUL không được phép', en: 'The NUL character is not allowed' },
  BAD_URL: { status: [400], vi: 'Đường dẫn mã hoá sai', en: 'Wrongly encoded URL' },
  BAD_REQUEST: {
    status: [400, 405, 406, 411, 414, 431],
    vi: 'Máy chủ web từ chối yêu cầu (lý do gốc trong chi tiết, reason)',
    en: 'The web server refused the request (its own reason in the details, reason)',
  },
  ROUTE_NOT_FOUND: { status: [404], vi: 'Không có đường dẫn này', en: 'No such route' },
  NOT_FOUND: { status: [404], vi: 'Không tìm thấy đối tượng được nêu', en: 'The named object does not exist' },
  BODY_TOO_LARGE: { status: [413], vi: 'Dữ liệu gửi lên quá lớn', en: 'Request body too large' },
  VALUE_TOO_LARGE: { status: [413], vi: 'Một giá trị quá dài', en: 'A value is too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: [415], vi: 'Kiểu nội dung không được hỗ trợ', en: 'Unsupported content type' },
  UNSUPPORTED_FORMAT: { status: [406], vi: 'Định dạng xuất không được hỗ trợ', en: 'Unsupported output format' },
  REQUEST_ABORTED: { status: [400], vi: 'Kết nối bị ngắt khi đang gửi; không ghi gì', en: 'The connection closed mid-request; nothing was written' },
  CONCURRENT_WRITE: { status: [409], vi: 'Một yêu cầu khác ghi cùng lúc; không ghi gì, gửi lại', en: 'Another request wrote at the same time; nothing was written, send again' },
  IDEMPOTENCY_IN_PROGRESS: { status: [409], vi: 'Yêu cầu cùng khoá Idempotency-Key đang được xử lý', en: 'A request with the same Idempotency-Key is in progress' },
  IDEMPOTENCY_KEY_REUSED: { status: [422], vi: 'Khoá Idempotency-Key đã dùng cho yêu cầu khác', en: 'The Idempotency-Key was used for another request' },
  DATABASE_UNAVAILABLE: { status: [503], vi: 'Cơ sở dữ liệu tạm thời không truy cập được (kèm Retry-After)', en: 'Database unreachable for the moment (with Retry-After)' },
  INTERNAL: { status: [500], vi: 'Lỗi hệ thống; báo mã yêu cầu cho quản trị viên', en: 'Internal error; quote the request id' },

  // —— Files ——
  FILE_REQUIRED: { status: [400], vi: 'Cần gửi kèm tệp', en: 'A file is required' },
  EMPTY_FILE: { status: [400], vi: 'Tệp rỗng', en: 'The file is empty' },
  FILE_TOO_LARGE: { status: [413], vi: 'Tệp lớn quá giới hạn', en: 'The file is over the size limit' },
  NOT_XLSX: { status: [400], vi: 'Không phải tệp Excel (.xlsx) đọc được', en: 'Not a readable Excel (.xlsx) file' },
  TOO_LARGE_UNPACKED: { status: [413], vi: 'Tệp Excel giải nén ra quá lớn', en: 'The Excel file unpacks too large' },
  TOO_MANY_CELLS: { status: [400, 413], vi: 'Quá nhiều ô (truy vấn phân tích, hoặc tệp Excel)', en: 'Too many cells (an analytics query, or an Excel file)' },
  TOO_MANY_ROWS: { status: [400], vi: 'Tệp có quá nhiều dòng cho một lần nhập', en: 'Too many rows for one import' },
  UNSUPPORTED_FILE_TYPE: { status: [415], vi: 'Loại tệp không được nhận (xét theo nội dung)', en: 'File type not accepted (judged by content)' },
  WRONG_TEMPLATE: { status: [400], vi: 'Tệp là biểu mẫu của chế độ khác', en: 'The file is another regime’s template' },
  UPLOAD_REJECTED: { status: [400], vi: 'Tệp có ô sai; không ghi gì (chi tiết nêu từng ô)', en: 'The file has wrong cells; nothing was written (the details name each cell)' },
  IMPORT_EMPTY: { status: [400], vi: 'Tệp nhập không có dòng dữ liệu', en: 'The import has no data rows' },
  IMPORT_FAILED: { status: [400], vi: 'Nhập thất bại; không ghi gì (chi tiết nêu dòng và cột)', en: 'Import failed; nothing was written (the details name row and column)' },
  IMPORT_FORBIDDEN: { status: [403], vi: 'Tệp nhập chạm tới đơn vị ngoài phạm vi', en: 'The import touches org units outside one’s scope' },
  INVALID_IMPORT_BODY: { status: [400], vi: 'Nội dung nhập phải là mảng JSON hoặc CSV', en: 'The import body must be a JSON array or CSV' },

  // —— Org units and metadata ——
  ALREADY_CLOSED: { status: [409], vi: 'Đơn vị đã đóng', en: 'The org unit is already closed' },
  HAS_OPEN_CHILDREN: { status: [409], vi: 'Đơn vị còn đơn vị trực thuộc đang hoạt động', en: 'The org unit still has open child units' },
  HIERARCHY_CHANGED: { status: [409], vi: 'Cây đơn vị vừa thay đổi; thử lại', en: 'The hierarchy just changed; try again' },
  CODE_TAKEN: { status: [409], vi: 'Mã đã có', en: 'Code taken' },
  UNKNOWN_GROUP: { status: [400], vi: 'Không có nhóm đơn vị được nêu', en: 'Unknown org unit group' },
  INVALID_ORG_UNITS: { status: [400], vi: 'Số đơn vị chọn không hợp lệ', en: 'Invalid choice of org units' },
  DATA_ELEMENT_EXISTS: { status: [409], vi: 'Chỉ số đã có', en: 'Data element exists' },
  DATA_ELEMENT_HAS_VALUES: { status: [409], vi: 'Chỉ số đã có số liệu; không đổi được kiểu hay phân tổ', en: 'The data element has values; its type or disaggregation cannot change' },
  DISAGGREGATION_EXISTS: { status: [409], vi: 'Phân tổ đã có', en: 'Disaggregation exists' },
  DUPLICATE_OPTION: { status: [400], vi: 'Lựa chọn bị trùng', en: 'An option appears twice' },
  DUPLICATE_ELEMENT: { status: [400], vi: 'Chỉ số bị trùng', en: 'A data element appears twice' },
  DUPLICATE_ITEM: { status: [400], vi: 'Một mục bị trùng', en: 'An item appears twice' },
  UNKNOWN_DISAGGREGATION: { status: [400], vi: 'Không có phân tổ được nêu', en: 'Unknown disaggregation' },
  UNKNOWN_SECTOR: { status: [400], vi: 'Không có lĩnh vực được nêu', en: 'Unknown sector' },
  INVALID_BOUNDS: { status: [400], vi: 'Giới hạn dưới lớn hơn giới hạn trên', en: 'Lower bound above upper bound' },
  UID_EXISTS: { status: [409], vi: 'UID đã thuộc đối tượng khác', en: 'The UID belongs to another object' },
  INVALID_FORMULA: { status: [400], vi: 'Công thức chỉ tiêu không hợp lệ', en: 'Invalid indicator formula' },
  IN_USE: { status: [409], vi: 'Đối tượng đang được dùng', en: 'The object is in use' },
  REGIME_EXISTS: { status: [409], vi: 'Chế độ báo cáo đã có', en: 'Report regime exists' },
  REGIME_HAS_VALUES: { status: [409], vi: 'Chế độ báo cáo đã có giá trị theo lựa chọn thuộc tính khác', en: 'The regime has values under other attribute options' },
  UNKNOWN_REGIME: { status: [400], vi: 'Không có chế độ báo cáo được nêu', en: 'Unknown report regime' },

  INVALID_DATES: { status: [400], vi: 'Ngày mở, ngày đóng không hợp lệ', en: 'Invalid opening or closing date' },
  MOVE_INTO_DESCENDANT: { status: [400], vi: 'Không chuyển đơn vị vào đơn vị cấp dưới của nó', en: 'A unit cannot move under its own descendant' },
  INVALID_SUCCESSOR: { status: [400], vi: 'Đơn vị kế thừa không hợp lệ', en: 'Invalid successor unit' },
  SUCCESSOR_NOT_OPEN: { status: [400], vi: 'Đơn vị kế thừa không hoạt động vào ngày sáp nhập', en: 'The successor is not open on the merger date' },
  DUPLICATE_SUCCESSOR: { status: [400], vi: 'Đơn vị kế thừa bị trùng', en: 'A successor appears twice' },
  NOT_A_TEMPLATE: { status: [400], vi: 'Tệp không phải biểu mẫu Excel của hệ thống', en: 'The file is not one of the product’s Excel templates' },
  TEMPLATE_TAMPERED: { status: [400], vi: 'Phần ẩn của biểu mẫu Excel đã bị sửa', en: 'The hidden part of the Excel template was changed' },

  // —— Periods ——
  INVALID_PERIOD: { status: [400, 409, 422], vi: 'Kỳ không hợp lệ', en: 'Invalid period', importConflict: true },
  INVALID_DATE: { status: [400], vi: 'Ngày không hợp lệ', en: 'Invalid date' },
  INVALID_ARGUMENT: { status: [400], vi: 'Tham số kỳ không hợp lệ', en: 'Invalid period argument' },
  NO_PERIOD_FOR_DATE: { status: [400], vi: 'Không có kỳ chứa ngày này', en: 'No period holds this date' },
  INVALID_RELATIVE_PERIOD: { status: [400], vi: 'Kỳ tương đối không hợp lệ', en: 'Invalid relative period' },
  INVALID_LAST_PERIOD: { status: [400], vi: 'Kỳ cuối không hợp lệ', en: 'Invalid last period' },
  PERIOD_REQUIRED: { status: [400], vi: 'Cần chọn kỳ', en: 'A period is required' },
  PERIOD_TYPE_REQUIRED: { status: [400], vi: 'Cần loại kỳ hoặc chế độ báo cáo', en: 'A period type or regime is required' },
  PERIOD_TYPE_MISMATCH: { status: [400, 409, 422], vi: 'Kỳ không thuộc loại kỳ yêu cầu', en: 'The period is not of the required type', importConflict: true },
  UNKNOWN_PERIOD: { status: [400], vi: 'Kỳ không hợp lệ', en: 'Invalid period' },
  TOO_MANY_PERIODS: { status: [400], vi: 'Quá nhiều kỳ', en: 'Too many periods' },

  // —— Data values: per value in an import summary (409 there), or the answer of a form write (422) ——
  UNKNOWN_DATA_ELEMENT: { status: [400, 409, 422], vi: 'Không có chỉ số được nêu', en: 'Unknown data element', importConflict: true },
  UNKNOWN_ORG_UNIT: { status: [400, 409, 422], vi: 'Không có đơn vị được nêu', en: 'Unknown org unit', importConflict: true },
  ORG_UNIT_OUT_OF_SCOPE: { status: [400, 403, 409, 422], vi: 'Đơn vị ngoài phạm vi được giao', en: 'Org unit outside one’s scope', importConflict: true },
  ORG_UNIT_CLOSED: { status: [409, 422], vi: 'Đơn vị không hoạt động trong kỳ', en: 'The org unit is not open in the period', importConflict: true },
  ELEMENT_NOT_IN_REGIME: { status: [409, 422], vi: 'Chỉ số không thuộc chế độ báo cáo', en: 'The data element is not in the regime', importConflict: true },
  ELEMENT_NOT_IN_DATA_SET: { status: [409, 422], vi: 'Chỉ số không thuộc dataSet đã nêu', en: 'The data element is not in the named dataSet', importConflict: true },
  PERIOD_LOCKED: { status: [409, 422], vi: 'Kỳ đã khoá sổ', en: 'The period is locked', importConflict: true },
  PERIOD_NOT_OPEN: { status: [409, 422], vi: 'Kỳ chưa mở nhập', en: 'The period is not open yet', importConflict: true },
  REPORT_APPROVED: { status: [409, 422], vi: 'Báo cáo đã được duyệt', en: 'The report is approved', importConflict: true },
  REPORT_SUBMITTED: { status: [409, 422], vi: 'Báo cáo đã gửi; rút lại để sửa', en: 'The report is submitted; withdraw it to edit', importConflict: true },
  OPTION_REQUIRED: { status: [409, 422], vi: 'Cần phân tổ cho chỉ số này', en: 'The data element needs a disaggregation option', importConflict: true },
  INVALID_OPTION: { status: [409, 422], vi: 'Phân tổ không thuộc chỉ số', en: 'The option is not the data element’s', importConflict: true },
  INVALID_VALUE: { status: [409, 422], vi: 'Giá trị sai kiểu của chỉ số', en: 'The value does not fit the data element’s type', importConflict: true },
  VALUE_OUT_OF_RANGE: { status: [409, 422], vi: 'Giá trị ngoài giới hạn của chỉ số', en: 'The value is outside the data element’s bounds', importConflict: true },
  MISSING_FIELD: { status: [409, 422], vi: 'Thiếu trường bắt buộc', en: 'A required field is missing', importConflict: true },
  UNKNOWN_FIELD: { status: [409, 422], vi: 'Trường không có trong định dạng DHIS2', en: 'A field DHIS2’s format does not have', importConflict: true },
  UNKNOWN_ATTRIBUTE_OPTION_COMBO: { status: [409, 422], vi: 'Không có tổ hợp thuộc tính được nêu', en: 'Unknown attribute option combo', importConflict: true },
  ATTRIBUTE_OPTION_COMBO_NOT_IN_REGIME: {
    status: [409, 422],
    vi: 'Tổ hợp thuộc tính không thuộc chế độ báo cáo của chỉ số',
    en: 'The attribute option combo is not one of the data element’s regime',
    importConflict: true,
  },
  ATTRIBUTE_OPTION_COMBO_REQUIRED: { status: [409, 422], vi: 'Cần tổ hợp thuộc tính', en: 'An attribute option combo is required', importConflict: true },
  FOLLOWUP_NOT_SUPPORTED: { status: [409, 422], vi: 'Chưa hỗ trợ đánh dấu theo dõi (followup)', en: 'followup is not supported', importConflict: true },
  STORED_BY_NOT_CALLER: { status: [409, 422], vi: 'storedBy khác người gửi', en: 'storedBy differs from the caller', importConflict: true },
  TIMESTAMP_NOT_ACCEPTED: { status: [409, 422], vi: 'Không nhận mốc thời gian do máy khách đặt', en: 'Client-set timestamps are not accepted', importConflict: true },
  INVALID_FLAG: { status: [409, 422], vi: 'Cờ không hợp lệ', en: 'Invalid flag', importConflict: true },
  NOT_NUMERIC: { status: [400], vi: 'Chỉ số không phải kiểu số', en: 'The data element is not numeric' },
  E7600: { status: [409], vi: 'Không có dataSet được nêu (mã DHIS2)', en: 'Unknown dataSet (DHIS2 code)' },
  E7604: { status: [409], vi: 'Không có tổ hợp thuộc tính được nêu (mã DHIS2)', en: 'Attribute option combo not found (DHIS2 code)' },
  INVALID_COMPLETE_DATE: { status: [400], vi: 'completeDate không phải ngày', en: 'completeDate is not a date' },
  UNSUPPORTED_ID_SCHEME: { status: [409], vi: 'idScheme không được hỗ trợ', en: 'Unsupported idScheme' },
  TOO_MANY_VALUES: { status: [413], vi: 'Quá nhiều giá trị; thu hẹp yêu cầu', en: 'Too many values; narrow the request' },
  TASK_NOT_FINISHED: { status: [404], vi: 'Công việc nhập chưa xong', en: 'The import job has not finished' },
  JOB_FAILED: { status: [409], vi: 'Công việc nhập thất bại', en: 'The import job failed' },

  E1100: { status: [409], vi: 'Không có chỉ số (mã DHIS2)', en: 'Data element not found (DHIS2 code)' },
  E1101: { status: [409], vi: 'Kỳ không hợp lệ (mã DHIS2)', en: 'Invalid period (DHIS2 code)' },
  E2001: { status: [409], vi: 'Cần dataSet hoặc dataElement (mã DHIS2)', en: 'A data set or data element is required (DHIS2 code)' },
  E2002: { status: [409], vi: 'Cần kỳ hoặc khoảng ngày (mã DHIS2)', en: 'Periods or start and end dates are required (DHIS2 code)' },
  E2003: { status: [409], vi: 'Không dùng cùng lúc kỳ và khoảng ngày (mã DHIS2)', en: 'Periods and start/end dates exclude each other (DHIS2 code)' },
  E2004: { status: [409], vi: 'Ngày bắt đầu phải trước ngày kết thúc (mã DHIS2)', en: 'Start date must precede end date (DHIS2 code)' },
  E2005: { status: [409], vi: 'Tham số thời gian cập nhật chưa được hỗ trợ (mã DHIS2)', en: 'Unsupported last-updated parameter (DHIS2 code)' },
  E2006: { status: [409], vi: 'Cần đơn vị hoặc nhóm đơn vị (mã DHIS2)', en: 'An org unit or group is required (DHIS2 code)' },
  E2007: { status: [409], vi: 'children không dùng với nhóm đơn vị (mã DHIS2)', en: 'children does not apply to org unit groups (DHIS2 code)' },
  E2009: { status: [409], vi: 'limit không hợp lệ (mã DHIS2)', en: 'Invalid limit (DHIS2 code)' },
  E2011: { status: [409], vi: 'Tổ hợp thuộc tính không có (mã DHIS2)', en: 'Unknown attribute option combo (DHIS2 code)' },

  // —— Reports and workflow ——
  FORM_INVALID: { status: [422], vi: 'Biểu mẫu không có trường hợp lệ', en: 'No field of the form is valid' },
  SUBMIT_BLOCKED: { status: [422], vi: 'Chưa gửi được báo cáo: còn lỗi', en: 'The report cannot be submitted: errors remain' },
  NOT_A_REPORTING_UNIT: { status: [400, 422], vi: 'Đơn vị không báo cáo theo chế độ này trong kỳ', en: 'The org unit does not report under this regime in the period' },
  INVALID_STATUS_TRANSITION: { status: [409], vi: 'Không chuyển được trạng thái báo cáo', en: 'The report cannot move to that status' },
  NOT_OVERDUE: { status: [409], vi: 'Báo cáo chưa quá hạn', en: 'The report is not overdue' },

  // —— Analytics, indicators, targets, rules, alerts ——
  UNKNOWN_DX: { status: [400], vi: 'Không có chỉ tiêu hay chỉ số được nêu', en: 'Unknown indicator or data element' },
  UNSUPPORTED_PARAMETER: { status: [409], vi: 'Tham số chưa được hỗ trợ', en: 'Parameter not supported' },
  DUPLICATE_TARGET: { status: [409], vi: 'Mục tiêu đã có', en: 'Target exists' },
  INVALID_EXPRESSION: { status: [400], vi: 'Biểu thức không hợp lệ', en: 'Invalid expression' },
  RULE_CODE_TAKEN: { status: [409], vi: 'Mã quy tắc đã có', en: 'Rule code taken' },
  DUPLICATE_CODE: { status: [409], vi: 'Mã đã tồn tại', en: 'Code exists' },
  INCOMPLETE_RULE: { status: [400], vi: 'Quy tắc thiếu tham số', en: 'The rule lacks parameters' },
  ALERT_STATE: { status: [409], vi: 'Cảnh báo đã ở trạng thái đó', en: 'The alert is already in that state' },
  TOO_MANY_SAVED_ANALYSES: { status: [400], vi: 'Đã lưu đủ số phân tích cho phép', en: 'Saved analyses limit reached' },

  INVALID_DIMENSION: { status: [400], vi: 'Chiều phân tích không hợp lệ', en: 'Invalid analytics dimension' },
  DUPLICATE_DIMENSION: { status: [400], vi: 'Chiều phân tích bị lặp', en: 'A dimension appears twice' },
  MISSING_DIMENSION: { status: [400], vi: 'Thiếu chiều phân tích bắt buộc (dx, pe, ou)', en: 'A required dimension (dx, pe, ou) is missing' },
  INVALID_LEVEL: { status: [400], vi: 'Cấp đơn vị không hợp lệ', en: 'Invalid org unit level' },
  NO_ORG_UNITS: { status: [400], vi: 'Lựa chọn không có đơn vị nào', en: 'The selection holds no org unit' },

  // —— Open data ——
  DATASET_EXISTS: { status: [409], vi: 'Bộ dữ liệu đã có', en: 'Dataset exists' },
  DATASET_NOT_FOUND: { status: [404], vi: 'Không có bộ dữ liệu', en: 'No such dataset' },
  DATASET_PUBLISHED: {
    status: [409],
    vi: 'Bộ dữ liệu đã công bố không xoá được (số liệu đã công bố phải luôn đọc lại được)',
    en: 'A published dataset cannot be deleted (published figures must stay readable)',
  },
  FORMAT_NOT_FOUND: { status: [404], vi: 'Không có định dạng này', en: 'No such format' },
  VERSION_NOT_FOUND: { status: [404], vi: 'Không có phiên bản này', en: 'No such version' },
  RELEASE_NOT_FOUND: { status: [404], vi: 'Không có đợt công bố này', en: 'No such release' },
  RELEASE_IN_PAST: { status: [400], vi: 'Thời điểm công bố phải ở tương lai', en: 'A release time must be in the future' },
  RELEASE_CLOSED: { status: [409], vi: 'Đợt công bố đã công bố hoặc huỷ', en: 'The release is published or cancelled' },
  RELEASE_NOT_FROZEN: { status: [409], vi: 'Đợt công bố chưa chốt và duyệt', en: 'The release is not frozen and approved' },
  RELEASE_PUBLISHED: { status: [409], vi: 'Đợt công bố đã công bố', en: 'The release is published' },
  RELEASE_EMBARGOED: { status: [409], vi: 'Đợt công bố còn trong thời gian cấm công bố', en: 'The release is under embargo' },
  RELEASE_TOO_LARGE: { status: [400], vi: 'Đợt công bố quá nhiều số liệu', en: 'The release holds too many figures' },

  // —— Tasks ——
  INVALID_TASK: { status: [400], vi: 'Nhiệm vụ không hợp lệ (chi tiết nêu trường)', en: 'Invalid task (the details name the field)' },
  TASK_CLOSED: { status: [409], vi: 'Nhiệm vụ đã kết thúc', en: 'The task is closed' },
  TASK_STATE: { status: [409], vi: 'Thao tác không áp dụng cho trạng thái nhiệm vụ', en: 'The action does not apply in the task’s state' },
  EXTENSION_PENDING: { status: [409], vi: 'Đã có đề nghị gia hạn chờ duyệt', en: 'An extension request is pending' },
  NO_EXTENSION_PENDING: { status: [409], vi: 'Không có đề nghị gia hạn chờ duyệt', en: 'No extension request is pending' },
  TOO_MANY_TASKS: { status: [400], vi: 'Quá nhiều nhiệm vụ cho một lần xuất; lọc bớt', en: 'Too many tasks for one export; filter the list' },
  NO_HEADER: { status: [400], vi: 'Không tìm thấy dòng tiêu đề của danh sách nhiệm vụ', en: 'No header row of a task list was found' },
  IMPORT_REJECTED: { status: [400], vi: 'Tệp có ô sai; không ghi gì (chi tiết nêu từng ô)', en: 'The file has wrong cells; nothing was written (the details name each cell)' },
  UNKNOWN_EVIDENCE: { status: [400], vi: 'Tệp minh chứng không thuộc đối tượng này', en: 'The evidence file does not belong here' },

  INVALID_TASK_DATES: { status: [400], vi: 'Hạn xử lý trước ngày bắt đầu', en: 'The due date is before the start' },
  INVALID_PROGRESS: { status: [400], vi: 'Tiến độ không hợp lệ', en: 'Invalid progress' },
  EVIDENCE_REQUIRED: { status: [400], vi: 'Cần tệp minh chứng', en: 'Evidence is required' },
  REASON_REQUIRED: { status: [400], vi: 'Cần nêu lý do', en: 'A reason is required' },
  INVALID_EXTENSION: { status: [400], vi: 'Đề nghị gia hạn không hợp lệ', en: 'Invalid extension request' },

  // —— Monthly briefing ——
  INVALID_BRIEFING: { status: [400], vi: 'Báo cáo giao ban không hợp lệ (chi tiết nêu trường)', en: 'Invalid briefing (the details name the field)' },
  INVALID_BRIEFING_SECTION: { status: [400], vi: 'Không có mục này trong báo cáo giao ban', en: 'The briefing has no such section' },
  INVALID_CONCLUSIONS: { status: [400], vi: 'Kết luận không hợp lệ (chi tiết nêu mục)', en: 'Invalid conclusions (the details name the item)' },
  NO_CONCLUSIONS: { status: [400], vi: 'Báo cáo chưa có kết luận nào', en: 'The briefing has no conclusions' },
  BRIEFING_FINAL: { status: [409], vi: 'Báo cáo đã ban hành; không sửa được', en: 'The briefing is finalised and cannot change' },
  BRIEFING_NOT_FINAL: { status: [409], vi: 'Báo cáo chưa ban hành', en: 'The briefing is not finalised' },
  BRIEFING_CHANGED: { status: [409], vi: 'Người khác vừa sửa báo cáo; hãy tải lại', en: 'Someone else has just changed the briefing; reload it' },
  CONCLUSIONS_ALREADY_TASKS: { status: [409], vi: 'Kết luận đã được chuyển thành nhiệm vụ', en: 'The conclusions are already tasks' },

  // —— Commitments ——
  INVALID_COMMITMENT: { status: [400], vi: 'Cam kết không hợp lệ (chi tiết nêu trường)', en: 'Invalid commitment (the details name the field)' },
  NOT_REVIEWER_JUDGED: { status: [409], vi: 'Kết quả không do người thẩm định đánh giá', en: 'The result is not judged by a reviewer' },
  COMMITMENT_JUDGED: { status: [409], vi: 'Kết quả cam kết đã được đánh giá, không sửa, xóa được', en: 'A commitment result already judged cannot be changed or removed' },
  COMMITMENT_EVIDENCE: { status: [409], vi: 'Kết quả cam kết đã có tệp minh chứng, không xóa được', en: 'A commitment result with evidence files cannot be removed' },

  // —— Staff evaluation ——
  NOT_IN_STAFF_REGISTER: { status: [404], vi: 'Tài khoản chưa gắn hồ sơ cán bộ', en: 'The account has no staff record' },
  NO_EVALUATION_RULES: { status: [409], vi: 'Không có quy định đánh giá áp dụng', en: 'No evaluation rules apply' },
  SELF_ASSESSMENT_MISSING: { status: [409], vi: 'Chưa tự đánh giá', en: 'No self-assessment yet' },
  MANAGER_ASSESSMENT_MISSING: { status: [409], vi: 'Chưa có đánh giá của người quản lý', en: 'No manager’s assessment yet' },
  EVALUATION_DECIDED: { status: [409], vi: 'Năm đã có quyết định xếp loại', en: 'The year’s rating is decided' },
  NOT_DECIDED: { status: [409], vi: 'Chưa có quyết định xếp loại', en: 'No rating decision yet' },
  APPEAL_PENDING: { status: [409], vi: 'Đang có khiếu nại chờ giải quyết', en: 'An appeal is pending' },
  APPEAL_DECIDED: { status: [409], vi: 'Khiếu nại đã được giải quyết', en: 'The appeal is decided' },

  INVALID_EVALUATION_CONFIG: { status: [400], vi: 'Cấu hình đánh giá không hợp lệ', en: 'Invalid evaluation settings' },
  INVALID_GENERAL_SCORE: { status: [400], vi: 'Điểm tiêu chí chung không hợp lệ', en: 'Invalid general-criteria points' },
  INVALID_TASK_MARK: { status: [400], vi: 'Đánh dấu nhiệm vụ không hợp lệ', en: 'Invalid task mark' },
  INVALID_ASSESSMENT: { status: [400], vi: 'Đánh giá không hợp lệ', en: 'Invalid assessment' },
  OVERRIDE_REASON_REQUIRED: { status: [400], vi: 'Cần lý do khi hội đồng thay đổi kết quả', en: 'The council’s override needs a reason' },
  INVALID_APPEAL_OUTCOME: { status: [400], vi: 'Kết quả khiếu nại không hợp lệ', en: 'Invalid appeal outcome' },

  // —— Emulation and commendation ——
  CAMPAIGN_CLOSED: { status: [409], vi: 'Phong trào đã kết thúc; điểm đã chốt', en: 'The campaign is closed; scores are frozen' },
  REGISTRATION_DECIDED: { status: [409], vi: 'Đăng ký đã được xét', en: 'The registration is decided' },
  NOT_ELIGIBLE: { status: [422], vi: 'Chưa đủ tiêu chuẩn (nêu lý do và điều luật)', en: 'Not eligible (reasons and articles named)' },
  NOT_A_MEMBER: { status: [400, 403], vi: 'Không là thành viên hội đồng của phiên', en: 'Not a member of the session’s council' },
  ALREADY_ISSUED: { status: [409], vi: 'Đã nhận phiếu của phiên', en: 'The ballot was already issued' },
  ALREADY_VOTED: { status: [409], vi: 'Phiếu đã được bỏ', en: 'The ballot was already cast' },
  SESSION_NOT_OPEN: { status: [409], vi: 'Phiên chưa mở bỏ phiếu', en: 'The session is not open' },
  SESSION_CLOSED: { status: [409], vi: 'Phiên đã kết thúc', en: 'The session has closed' },
  SESSION_ENDED: { status: [409], vi: 'Phiên đã hết thời gian', en: 'The session time has ended' },
  SESSION_STILL_OPEN: { status: [409], vi: 'Phiên còn đang mở', en: 'The session is still open' },

  INVALID_CAMPAIGN: { status: [400], vi: 'Phong trào không hợp lệ', en: 'Invalid campaign' },
  DUPLICATE_CAMPAIGN: { status: [400], vi: 'Phong trào đã có', en: 'Campaign exists' },
  INVALID_CRITERION: { status: [400], vi: 'Tiêu chí không hợp lệ', en: 'Invalid criterion' },
  DUPLICATE_CRITERION: { status: [400], vi: 'Tiêu chí bị trùng', en: 'A criterion appears twice' },
  INVALID_SCORE: { status: [400], vi: 'Điểm không hợp lệ', en: 'Invalid score' },
  INVALID_REGISTRATION: { status: [400], vi: 'Đăng ký không hợp lệ', en: 'Invalid registration' },
  REGISTRATION_CLOSED: { status: [400], vi: 'Đã hết hạn đăng ký', en: 'Registration is closed' },
  DUPLICATE_REGISTRATION: { status: [400], vi: 'Đã đăng ký', en: 'Already registered' },
  UNKNOWN_STAFF: { status: [400], vi: 'Không có cán bộ được nêu', en: 'Unknown staff member' },
  INVALID_INITIATIVE: { status: [400], vi: 'Sáng kiến không hợp lệ', en: 'Invalid initiative' },
  INVALID_HISTORY: { status: [400], vi: 'Lịch sử khen thưởng không hợp lệ', en: 'Invalid award history' },
  NO_RULE_SET: { status: [400], vi: 'Không có quy định áp dụng cho năm', en: 'No rule set applies to the year' },
  INVALID_QUERY: { status: [400], vi: 'Tham số truy vấn không hợp lệ', en: 'Invalid query parameter' },
  INVALID_NOMINATION: { status: [400], vi: 'Đề nghị không hợp lệ', en: 'Invalid nomination' },
  DUPLICATE_NOMINATION: { status: [400], vi: 'Đề nghị đã có', en: 'Nomination exists' },
  UNKNOWN_SESSION: { status: [400], vi: 'Không có phiên họp được nêu', en: 'Unknown session' },
  SESSION_OPEN: { status: [400, 409], vi: 'Phiên còn đang mở', en: 'The session is still open' },
  NOTHING_PASSED: { status: [400], vi: 'Không đề nghị nào được thông qua', en: 'No nomination passed' },
  DUPLICATE_DECISION: { status: [400], vi: 'Quyết định đã có', en: 'Decision exists' },
  INVALID_SESSION: { status: [400], vi: 'Phiên họp không hợp lệ', en: 'Invalid session' },
  INVALID_BALLOT: { status: [400], vi: 'Phiếu không hợp lệ', en: 'Invalid ballot' },
  INVALID_BLINDED: { status: [400], vi: 'Phiếu che (ký mù) không hợp lệ', en: 'Invalid blinded ballot' },

  COMMENT_PERIOD: { status: [400], vi: 'Đề nghị chưa qua thời gian lấy ý kiến công khai đủ dài', en: 'The nomination has not been through a long enough public comment period' },
  NO_COMMENT_PERIOD: { status: [400], vi: 'Đề nghị chưa có thời gian lấy ý kiến công khai', en: 'The nomination has no public comment period' },
  INVALID_COMMENT_PERIOD: { status: [400], vi: 'Thời gian lấy ý kiến không hợp lệ', en: 'Invalid comment period' },
  OUTSIDE_COMMENT_PERIOD: { status: [400], vi: 'Ý kiến nhận ngoài thời gian lấy ý kiến', en: 'The comment came outside the comment period' },
  INVALID_COMMENT: { status: [400], vi: 'Ý kiến không hợp lệ', en: 'Invalid comment' },
  NOT_IN_SESSION: { status: [409], vi: 'Đề nghị chưa được đưa ra phiên họp hội đồng', en: 'The nomination has not been before a council session' },
  NOMINATION_IN_SESSION: { status: [409], vi: 'Đề nghị đã được đưa ra phiên họp', en: 'The nomination is already before a session' },

  // —— Takedown cases ——
  PLATFORM_EXISTS: { status: [409], vi: 'Nền tảng đã có', en: 'Platform exists' },
  BATCH_EXISTS: { status: [409], vi: 'Văn bản yêu cầu đã có', en: 'The request letter exists' },
  CASE_EXISTS: { status: [409], vi: 'Đường dẫn đã có trong đợt yêu cầu', en: 'The URL is already in the batch' },
  UNKNOWN_PLATFORM: { status: [400], vi: 'Không có nền tảng được nêu', en: 'Unknown platform' },
  INVALID_THRESHOLD: { status: [400], vi: 'Ngưỡng không hợp lệ', en: 'Invalid threshold' },
  NOT_A_MONITORING_UNIT: { status: [400], vi: 'Đơn vị không phải đơn vị giám sát', en: 'Not a monitoring unit' },
  INVALID_BATCH: { status: [400], vi: 'Văn bản yêu cầu không hợp lệ', en: 'Invalid request letter' },
  INVALID_CASE: { status: [400], vi: 'Vụ việc không hợp lệ', en: 'Invalid case' },
  INVALID_ANSWER: { status: [400], vi: 'Phản hồi không hợp lệ', en: 'Invalid answer' },
  INVALID_RECHECK: { status: [400], vi: 'Kết quả kiểm tra lại không hợp lệ', en: 'Invalid re-check' },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The statuses a code may come with. */
export type StatusOf<C extends ErrorCode> = (typeof ERROR_CODES)[C]['status'][number];

/** The codes that may come with a given status (badRequest takes the 400 ones, conflict the 409 ones). */
export type CodeWithStatus<S extends number> = { [C in ErrorCode]: S extends StatusOf<C> ? C : never }[ErrorCode];

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}
