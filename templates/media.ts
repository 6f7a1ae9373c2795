/** Answers about photos: a file that is not one of the accepted image types. */
export const mediaText = {
  notAPhoto: '这个文件不是照片：请发送 JPG、PNG、GIF 或 WebP 格式的图片。',
};
