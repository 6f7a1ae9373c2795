/** Why an upload is refused (src/http/multipart.ts). */
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export const uploadText = {
  malformed: (reason: string) => `multipart/form-data 格式错误（${reason}）`,
  unreadable: (reason: string) => `请求体读取失败（${reason}）`,
  totalTooLarge: (max: number) => `上传的文件合计超过 ${mb(max)} 的上限`,
  fileTooLarge: (name: string, max: number) => `文件「${name}」超过 ${mb(max)} 的上限`,
  fieldTooLarge: (name: string, max: number) => `字段「${name}」超过 ${Math.round(max / 1024)} KB 的上限`,
  tooManyFiles: (max: number) => `一次最多上传 ${max} 个文件`,
  tooManyFields: (max: number) => `表单字段最多 ${max} 个`,
  tooManyParts: (max: number) => `表单最多 ${max} 个部分`,
};
