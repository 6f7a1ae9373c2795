/* 督导通 sandbox: draws one chat entry — text, markdown, photo, news, or a WeCom template card with working controls.
   `onTap(entry, tap)` is called with {eventKey, taskId, cardType, responseCode, selected, label} when a control is used. */
(function () {
  'use strict';

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /** Only web links become clickable (never javascript: or data: URLs). */
  function setHref(a, href) {
    if (/^https?:\/\//.test(String(href || ''))) { a.href = href; a.target = '_blank'; a.rel = 'noopener'; }
    return a;
  }

  /** Text with WeCom's <a href> links, markdown [t](u) links, **bold** and bare URLs; everything else stays text. */
  function richText(parent, text, markdown) {
    const pattern = markdown
      ? /<a href="([^"]+)">([^<]*)<\/a>|\[([^\]]+)\]\(([^)\s]+)\)|\*\*([^*]+)\*\*|(https?:\/\/[^\s<>"]+)/g
      : /<a href="([^"]+)">([^<]*)<\/a>|(https?:\/\/[^\s<>"]+)/g;
    let last = 0;
    for (const m of String(text).matchAll(pattern)) {
      parent.append(document.createTextNode(text.slice(last, m.index)));
      last = m.index + m[0].length;
      const link = (href, label) => parent.append(setHref(el('a', null, label), href));
      if (m[1]) link(m[1], m[2]);
      else if (markdown && m[3]) link(m[4], m[3]);
      else if (markdown && m[5]) parent.append(el('strong', null, m[5]));
      else link(m[0], m[0]);
    }
    parent.append(document.createTextNode(text.slice(last)));
    return parent;
  }

  function renderCard(entry, onTap) {
    const card = entry.card || {};
    const box = el('div', 'card card-' + (card.card_type || 'unknown'));
    const done = Boolean(entry.replaceName);
    if (done) box.classList.add('card-done');
    if (entry.updated) box.classList.add('card-updated');
    if (card.source && card.source.desc) box.append(el('div', 'card-source', card.source.desc));
    if (card.main_title) {
      if (card.main_title.title) box.append(el('div', 'card-title', card.main_title.title));
      if (card.main_title.desc) box.append(el('div', 'card-desc', card.main_title.desc));
    }
    if (card.emphasis_content) {
      const em = el('div', 'card-emphasis');
      em.append(el('div', 'card-emphasis-title', card.emphasis_content.title), el('div', 'card-desc', card.emphasis_content.desc));
      box.append(em);
    }
    if (card.quote_area && card.quote_area.quote_text) box.append(el('div', 'card-quote', card.quote_area.quote_text));
    if (card.sub_title_text) box.append(richText(el('div', 'card-sub'), card.sub_title_text, false));
    for (const v of card.vertical_content_list || []) {
      box.append(el('div', 'card-vtitle', v.title));
      if (v.desc) box.append(el('div', 'card-desc', v.desc));
    }
    if ((card.horizontal_content_list || []).length) {
      const list = el('dl', 'card-rows');
      for (const row of card.horizontal_content_list) {
        list.append(el('dt', null, row.keyname));
        const dd = el('dd');
        if (row.url) dd.append(setHref(el('a', null, row.value || row.url), row.url));
        else dd.textContent = row.value || '';
        list.append(dd);
      }
      box.append(list);
    }
    for (const j of card.jump_list || []) {
      box.append(setHref(el('a', 'card-jump', j.title), j.url));
    }

    const tap = (eventKey, label, selected) => onTap(entry, {
      eventKey, label, selected, taskId: card.task_id, cardType: card.card_type, responseCode: entry.responseCode,
    });
    const selects = [];
    const addSelect = (sel) => {
      if (!sel || !sel.option_list) return;
      const wrap = el('label', 'card-select');
      if (sel.title) wrap.append(el('span', null, sel.title));
      const select = el('select');
      select.disabled = done;
      for (const o of sel.option_list) {
        const opt = el('option', null, o.text);
        opt.value = o.id;
        if (o.id === sel.selected_id) opt.selected = true;
        select.append(opt);
      }
      wrap.append(select);
      box.append(wrap);
      selects.push(() => ({ questionKey: sel.question_key, optionIds: [select.value] }));
    };
    addSelect(card.button_selection);
    for (const sel of card.select_list || []) addSelect(sel);

    if (card.checkbox) {
      const group = el('div', 'card-checkbox');
      const inputs = [];
      for (const o of card.checkbox.option_list || []) {
        const label = el('label', 'card-option');
        const input = el('input');
        input.type = card.checkbox.mode === 1 ? 'checkbox' : 'radio';
        input.name = 'q-' + entry.id;
        input.value = o.id;
        input.checked = Boolean(o.is_checked);
        input.disabled = done || Boolean(card.checkbox.disable);
        inputs.push(input);
        label.append(input, el('span', null, o.text));
        group.append(label);
      }
      box.append(group);
      selects.push(() => ({ questionKey: card.checkbox.question_key, optionIds: inputs.filter((i) => i.checked).map((i) => i.value) }));
    }

    const buttons = el('div', 'card-buttons');
    // Once answered, the tapped button shows WeCom's replacement text and the others stay, struck through.
    const chosenKey = done ? entry.chosenKey : undefined;
    const addButton = (text, key, style) => {
      const chosen = chosenKey !== undefined && chosenKey === key;
      const state = chosenKey === undefined ? '' : chosen ? ' chosen' : ' not-chosen';
      const b = el('button', 'card-button style-' + (style || 1) + state, chosen ? '✓ ' + (entry.replaceName || text) : text);
      b.type = 'button';
      b.disabled = done;
      if (chosen) b.title = '已选择「' + text + '」';
      b.dataset.key = key;
      b.addEventListener('click', () => {
        b.classList.add('tapped');
        tap(key, text, selects.length ? selects.map((s) => s()) : undefined);
      });
      buttons.append(b);
    };
    for (const b of card.button_list || []) addButton(b.text, b.key, b.style);
    if (card.submit_button) addButton(card.submit_button.text || '提交', card.submit_button.key, 1);
    if (done && (chosenKey === undefined || !buttons.childElementCount)) buttons.append(el('div', 'card-done-note', entry.replaceName));
    if (buttons.childElementCount) box.append(buttons);
    return box;
  }

  function renderNews(entry) {
    const box = el('div', 'card card-news');
    for (const a of entry.articles || []) {
      const link = setHref(el('a', 'news-item'), a.url);
      link.append(el('div', 'card-title', a.title));
      if (a.description) link.append(el('div', 'card-desc', a.description));
      box.append(link);
    }
    return box;
  }

  /** The inner content of one entry (without the row, avatar or time). */
  function renderEntry(entry, onTap) {
    switch (entry.kind) {
      case 'card': return renderCard(entry, onTap);
      case 'news': return renderNews(entry);
      case 'image': {
        const box = el('div', 'bubble bubble-image');
        if (entry.imageUrl) { const img = el('img'); img.src = entry.imageUrl; img.alt = '照片'; box.append(img); }
        else box.append(el('span', 'muted', '[图片]'));
        return box;
      }
      case 'tap': return el('div', 'tap-note', '点击了「' + entry.text + '」');
      case 'markdown': return richText(el('div', 'bubble'), entry.text || '', true);
      default: return richText(el('div', 'bubble'), entry.text || '', false);
    }
  }

  window.SandboxRender = { renderEntry, el };
})();
