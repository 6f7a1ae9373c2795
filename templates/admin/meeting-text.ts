/** Field messages of the console's meeting forms. */
export const meetingFormText = {
  badTime: '请填写例会的日期和时间（北京时间）',
};
