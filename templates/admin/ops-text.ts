/** Reasons the operations screen gives when an action is refused. */
export const opsText = {
  unknownMessage: (id: number) => `消息 ${id} 不存在`,
  notDead: (id: number) => `消息 ${id} 不是“发送失败”状态，无需重发`,
};
