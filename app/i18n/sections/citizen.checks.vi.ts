/**
 * The messages of the submission's checks that only the server makes (its rules, its file inspection), merged into
 * `citizen.validation` by `citizen.ts`: the submit page's script carries only the two the browser checks itself
 * (`citizen.vi.ts`). Vietnamese, the default.
 */
export const checks = {
  required: "Vui lòng điền mục này.",
  tooShort: (min: number) => `Cần ít nhất ${min} ký tự.`,
  tooLong: (max: number) => `Không được quá ${max.toLocaleString("vi-VN")} ký tự.`,
  chooseArea: "Vui lòng chọn một lĩnh vực cải cách hành chính.",
  chooseDomain: "Lĩnh vực thủ tục không hợp lệ.",
  chooseScope: "Vui lòng chọn phạm vi áp dụng.",
  chooseAgency: "Vui lòng chọn một sở, ban, ngành trong danh sách.",
  chooseUnit: "Vui lòng chọn một xã, phường trong danh sách.",
  chooseAuthorType: "Vui lòng chọn bạn gửi với tư cách nào.",
  email: "Địa chỉ thư điện tử không hợp lệ, ví dụ: ten@example.com.",
  phone: "Số điện thoại không hợp lệ. Dùng số Việt Nam, ví dụ: 0912345678 hoặc +84912345678.",
  share: "Tỷ lệ đóng góp phải là số nguyên từ 1 đến 100.",
  sharesSum: (sum: number) => `Tổng tỷ lệ đóng góp phải bằng 100 (hiện là ${sum}).`,
  tooManyCoAuthors: (max: number) => `Tối đa ${max} đồng tác giả.`,
  date: "Ngày không hợp lệ.",
  dateRequired: "Vui lòng nhập ngày áp dụng lần đầu.",
  dateFuture: "Ngày áp dụng không được sau ngày hôm nay.",
  consent: "Bạn cần đồng ý cho xử lý dữ liệu cá nhân để gửi hồ sơ.",
  fileType: (name: string) => `Tệp “${name}” không phải là PDF, DOCX, XLSX, PNG hoặc JPEG (kiểm tra theo nội dung tệp).`,
  fileMacro: (name: string) =>
    `Tệp “${name}” có chứa macro (mã lệnh tự chạy). Vui lòng lưu lại thành DOCX hoặc XLSX thường, không có macro.`,
  fileArchive: (name: string) => `Tệp “${name}” khi giải nén lớn hơn 100 MB hoặc bị nén bất thường. Vui lòng kiểm tra lại tệp.`,
};
