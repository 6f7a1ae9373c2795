/**
 * A WeCom template card told as text, for channels that cannot show the card itself (appchat, a robot given an
 * interactive card, official-account chats). Buttons cannot be tapped there, so they are listed with a hint.
 */
type Card = Record<string, any>;

const hint = {
  open: '查看详情',
  actInApp: (labels: string[]) => `可选操作：${labels.join(' / ')}（请在「督导通」应用中操作）`,
  /** Where the buttons' words are understood as taps (the official account): reply a number or the words. */
  reply: (labels: string[]) => `请回复序号或文字：${labels.map((l, i) => `${i + 1} ${l}`).join(' / ')}`,
};

function lines(card: Card, md: boolean, replyable = false): string[] {
  const bold = (s: string) => (md ? `**${s}**` : `【${s}】`);
  const grey = (s: string) => (md ? `<font color="comment">${s}</font>` : s);
  const link = (title: string, url: string) => (md ? `[${title}](${url})` : `${title}：${url}`);
  const out: string[] = [];
  if (card.source?.desc) out.push(grey(card.source.desc));
  if (card.main_title?.title) out.push(bold(card.main_title.title));
  if (card.main_title?.desc) out.push(grey(card.main_title.desc));
  if (card.emphasis_content?.title) out.push(`${bold(card.emphasis_content.title)} ${card.emphasis_content.desc ?? ''}`.trim());
  if (card.quote_area?.quote_text) out.push(md ? `> ${card.quote_area.quote_text}` : card.quote_area.quote_text);
  if (card.sub_title_text) out.push(card.sub_title_text);
  for (const v of card.vertical_content_list ?? []) out.push(v.desc ? `${bold(v.title)}\n${v.desc}` : bold(v.title));
  for (const h of card.horizontal_content_list ?? []) {
    out.push(`${h.keyname}：${h.url ? link(h.value ?? h.keyname, h.url) : (h.value ?? '')}`);
  }
  for (const j of card.jump_list ?? []) if (j.url) out.push(link(j.title, j.url));
  if (card.card_action?.url) out.push(link(hint.open, card.card_action.url));
  const labels = [
    ...(card.button_list ?? []).map((b: Card) => b.text),
    ...(card.checkbox?.option_list ?? []).map((o: Card) => o.text),
    ...(card.select_list ?? []).flatMap((s: Card) => (s.option_list ?? []).map((o: Card) => o.text)),
    ...(card.action_menu?.action_list ?? []).map((a: Card) => a.text),
  ].filter(Boolean);
  const buttons = (card.button_list ?? []).map((b: Card) => b.text).filter(Boolean);
  if (replyable && buttons.length > 0 && !card.checkbox && !card.select_list) out.push(hint.reply(buttons));
  else if (labels.length > 0) out.push(hint.actInApp(labels));
  return out;
}

export function cardAsMarkdown(card: Card): string {
  return lines(card, true).join('\n');
}

export function cardAsText(card: Card): string {
  return lines(card, false).join('\n');
}

/** A card as text where replying with a button's number or words counts as tapping it (the official account). */
export function cardAsReplyText(card: Card): string {
  return lines(card, false, true).join('\n');
}
