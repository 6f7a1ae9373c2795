/* 督导通 sandbox console: pick a person, chat as them, tap cards, move the clock, read the raw platform requests.
   Everything the server sends arrives over /sandbox/api/events (Server-Sent Events); a reload asks /sandbox/api/state. */
(function () {
  'use strict';
  const { renderEntry, el } = window.SandboxRender;
  const $ = (id) => document.getElementById(id);

  const GROUPS = [
    ['supervisor', '督学'], ['school_contact', '学校联系人'], ['zone_group', '责任区群'], ['office_admin', '督导室'], ['public', '公众号粉丝'],
  ];
  const ROLE_TAGS = { zone_leader: '组长', supervisor: '督学', school_contact: '联系人', office_admin: '管理员' };
  const TIME = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false });
  const CLOCK = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric', weekday: 'long', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  const HHMM = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
  // The raw requests carry the day too: after a clock jump, HH:MM alone cannot tell Monday from Friday.
  const WHEN = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
  /** What each kind of person might type first. */
  const PLACEHOLDERS = {
    supervisor: '输入消息，例如：开始督导 实验小学',
    school_contact: '输入消息，例如：已整改 1号 已清理消防通道',
    office_admin: '输入消息，例如：帮助',
  };

  const state = { people: [], entries: new Map(), requests: new Map(), current: null, unread: {}, offsetMs: 0, menu: [] };

  async function api(path, options) {
    const res = await fetch('/sandbox/api/' + path, options);
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body.message || ('请求失败：' + res.status));
    return body;
  }
  const post = (path, json) => api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(json) });

  function toast(message) {
    const t = $('toast');
    t.textContent = message;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 5000);
  }

  // ---- people -------------------------------------------------------------------------------------------------
  function renderPeople() {
    const root = $('people');
    root.replaceChildren();
    for (const [group, title] of GROUPS) {
      const members = state.people.filter((p) => p.group === group);
      if (!members.length) continue;
      root.append(el('h3', 'people-group', title));
      for (const p of members) {
        const b = el('button', 'person');
        b.type = 'button';
        b.dataset.key = p.key;
        if (p.key === state.current) b.classList.add('active');
        if (!p.canSend && p.note !== 'group') b.classList.add('unavailable');
        const avatar = el('span', 'avatar avatar-' + group, p.name.slice(0, 1));
        const text = el('span', 'person-text');
        text.append(el('span', 'person-name', p.name), el('span', 'person-detail', detailOf(p)));
        b.append(avatar, text);
        if (state.unread[p.key]) b.append(el('span', 'badge', state.unread[p.key]));
        b.addEventListener('click', () => select(p.key));
        root.append(b);
      }
    }
  }

  function detailOf(p) {
    const tags = p.roles.filter((r) => r === 'zone_leader').map((r) => ROLE_TAGS[r]);
    const parts = [p.detail, ...tags].filter(Boolean);
    if (p.note === 'official-account' && p.group !== 'public') parts.push('公众号');
    if (p.note === 'unbound') parts.push('未绑定');
    return parts.join(' · ');
  }

  function select(key) {
    state.current = key;
    state.unread[key] = 0;
    if (location.hash !== '#' + key) history.replaceState(null, '', '#' + key);
    renderPeople();
    renderChat();
  }

  const currentPerson = () => state.people.find((p) => p.key === state.current);

  // ---- chat ---------------------------------------------------------------------------------------------------
  function renderChat() {
    const p = currentPerson();
    $('chat-name').textContent = p ? p.name : '请在左侧选择一个人';
    $('chat-sub').textContent = p ? [p.detail, p.channelId].filter(Boolean).join(' · ') : '';
    const box = $('messages');
    box.replaceChildren();
    lastShownAt = 0;
    if (p) for (const e of [...state.entries.values()].filter((x) => x.persona === p.key)) box.append(row(e));
    box.scrollTop = box.scrollHeight;
    const note = $('composer-note');
    const canSend = Boolean(p && p.canSend);
    const room = Boolean(p && p.note === 'room');
    for (const id of ['text', 'send', 'photo']) $(id).disabled = !canSend;
    if (room) $('photo').disabled = true;
    $('text').placeholder = canSend ? (room ? '在群里回复，例如：参加' : (PLACEHOLDERS[p.group] || '输入消息')) : '此身份不能发消息';
    $('composer').classList.toggle('disabled', !canSend);
    note.hidden = (canSend && !room) || !p;
    note.textContent = !p ? '' : room ? (p.speaker ? '个人微信群（wechaty 模拟）：你以「' + p.speaker.name + '」的身份在群里发言，可回复"参加"或"请假 原因"。' : '个人微信群（wechaty 模拟）：群里还没有登记了个人微信的成员。')
      : p.note === 'group' ? '群通知（只读）：应用只能向群里发通知，收不到群成员的消息。'
        : '此人尚未绑定企业微信或公众号，可让其在公众号发送“绑定 + 绑定码”。';
    const onAccount = Boolean(p && p.channel === 'wechat');
    $('phone-app').textContent = onAccount ? '微信 · 督导室公众号' : room ? '微信 · 个人微信群' : '企业微信 · 督导通';
    if (onAccount && canSend && p.group === 'public') $('text').placeholder = '输入消息，例如：报告 或 实验小学';
    if (onAccount && canSend && p.note === 'unbound') $('text').placeholder = '输入消息，例如：绑定 123456';
    renderMenu(onAccount && canSend);
    $('bind-helper').hidden = !(p && p.note === 'unbound' && canSend);
  }

  /** The official account's custom menu under the composer: each button sends its CLICK event. */
  function renderMenu(show) {
    const bar = $('oa-menu');
    bar.replaceChildren();
    bar.hidden = !show || !state.menu.length;
    if (bar.hidden) return;
    for (const m of state.menu) {
      const b = el('button', 'oa-menu-button', m.name);
      b.type = 'button';
      b.dataset.key = m.key;
      b.addEventListener('click', async () => {
        try { await post('menu', { as: state.current, key: m.key }); } catch (err) { toast(err.message); }
      });
      bar.append(b);
    }
  }

  // Sandbox shortcut: the office issues this contact a bind code; it is put in the message box, ready to send.
  $('bind-code').addEventListener('click', async () => {
    try {
      const { code } = await post('bind-code', { as: state.current });
      $('text').value = '绑定 ' + code;
      $('text').focus();
    } catch (err) { toast(err.message); }
  });

  let lastShownAt = 0;
  function row(entry) {
    const wrap = el('div', 'row row-' + entry.from + (entry.kind === 'tap' ? ' row-tap' : ''));
    wrap.dataset.entry = entry.id;
    const at = new Date(entry.at).getTime();
    const line = document.createDocumentFragment();
    if (Math.abs(at - lastShownAt) > 5 * 60 * 1000) line.append(el('div', 'time-line', TIME.format(at)));
    lastShownAt = at;
    if (entry.kind !== 'tap') wrap.append(el('span', 'avatar avatar-' + (entry.from === 'bot' ? 'bot' : 'me'), entry.from === 'bot' ? '督' : '我'));
    const content = renderEntry(entry, tap);
    if (entry.requestId) {
      content.title = '点击查看这条消息的原始请求';
      content.addEventListener('dblclick', () => showRequest(entry.requestId));
    }
    wrap.append(content);
    line.append(wrap);
    const holder = document.createElement('div');
    holder.className = 'row-holder';
    holder.append(line);
    return holder;
  }

  function addEntry(entry) {
    const known = state.entries.has(entry.id);
    state.entries.set(entry.id, entry);
    if (entry.persona === state.current) {
      const box = $('messages');
      const old = box.querySelector('[data-entry="' + entry.id + '"]');
      if (old) old.closest('.row-holder').replaceWith(row(entry));
      else box.append(row(entry));
      box.scrollTop = box.scrollHeight;
    } else if (!known && entry.from === 'bot') {
      state.unread[entry.persona] = (state.unread[entry.persona] || 0) + 1;
      renderPeople();
    }
  }

  async function tap(entry, t) {
    try { await post('tap', { as: entry.persona, ...t }); } catch (err) { toast(err.message); }
  }

  $('composer').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const input = $('text');
    const text = input.value.trim();
    if (!state.current) return toast('请先在左侧选择一个人');
    if (!text) { input.focus(); return toast('消息不能为空：请先输入内容'); }
    input.value = '';
    const unbound = currentPerson()?.note === 'unbound';
    try { await post('send', { as: state.current, text }); } catch (err) { toast(err.message); input.value = text; }
    // 绑定 changes who this person is on the official account: show it once the server has handled it.
    if (unbound && /^绑定/.test(text)) setTimeout(() => refreshPeople().catch(() => {}), 1500);
  });

  $('photo').addEventListener('change', async () => {
    const file = $('photo').files[0];
    $('photo').value = '';
    if (!file || !state.current) return;
    try {
      await api('photo?as=' + encodeURIComponent(state.current), { method: 'POST', headers: { 'Content-Type': file.type || 'application/octet-stream' }, body: file });
    } catch (err) { toast(err.message); }
  });

  // ---- clock --------------------------------------------------------------------------------------------------
  function setNow(iso) {
    state.offsetMs = new Date(iso).getTime() - Date.now();
    tick();
    // The custom jump starts one day ahead, in Beijing time (the picker's value has no offset).
    const ahead = new Date(new Date(iso).getTime() + 8 * 3600_000 + 86_400_000);
    $('clock-to').value = ahead.toISOString().slice(0, 10) + 'T08:00';
  }
  function tick() {
    const now = Date.now() + state.offsetMs;
    $('clock-now').textContent = CLOCK.format(now);
    $('phone-time').textContent = HHMM.format(now);
  }
  setInterval(tick, 1000);

  async function moveClock(body) {
    $('clock-ran').textContent = '正在拨动时钟…';
    try {
      const res = await post('clock', body);
      setNow(res.now);
      $('clock-ran').textContent = '已跳到 ' + CLOCK.format(new Date(res.now)) + (res.ran.length ? '，运行了：' + res.ran.join('、') : '，没有到期的任务');
    } catch (err) { $('clock-ran').textContent = ''; toast(err.message); }
  }
  for (const b of document.querySelectorAll('.clock-buttons button')) {
    b.addEventListener('click', () => moveClock(b.dataset.preset ? { preset: b.dataset.preset } : { advanceMs: Number(b.dataset.advance) }));
  }
  $('clock-custom').addEventListener('submit', (ev) => {
    ev.preventDefault();
    if ($('clock-to').value) moveClock({ to: $('clock-to').value });
  });

  // ---- raw requests -------------------------------------------------------------------------------------------
  function addRequest(r) {
    if (state.requests.has(r.id)) return;
    state.requests.set(r.id, r);
    const d = el('details', 'request');
    d.id = 'request-' + r.id;
    const s = el('summary');
    const query = new URLSearchParams(r.query).toString();
    s.append(el('span', 'method', r.method), el('span', 'path', r.path), el('span', 'summary', r.summary), el('span', 'when', WHEN.format(new Date(r.at))));
    d.append(s, el('div', 'request-url', r.method + ' ' + r.path + (query ? '?' + query : '')));
    if (r.body !== undefined && r.body !== null) d.append(el('div', 'label', '请求体'), el('pre', null, JSON.stringify(r.body, null, 2)));
    if (r.response !== undefined) d.append(el('div', 'label', '模拟平台的应答'), el('pre', null, JSON.stringify(r.response, null, 2)));
    $('requests').prepend(d);
  }

  function showRequest(id) {
    const d = $('request-' + id);
    if (!d) return;
    d.open = true;
    d.scrollIntoView({ block: 'nearest' });
    d.classList.add('flash');
    setTimeout(() => d.classList.remove('flash'), 1500);
  }

  async function refreshPeople() {
    state.people = (await api('people')).people;
    renderPeople();
    renderChat();
  }

  // ---- state and live updates ---------------------------------------------------------------------------------
  async function loadState() {
    const s = await api('state');
    state.people = s.people;
    state.menu = s.menu || [];
    setNow(s.now);
    for (const r of s.requests) addRequest(r);
    for (const e of s.entries) state.entries.set(e.id, e);
    const wanted = decodeURIComponent(location.hash.slice(1));
    if (!state.current && state.people.some((p) => p.key === wanted)) state.current = wanted;
    renderPeople();
    renderChat();
  }

  const events = new EventSource('/sandbox/api/events');
  events.addEventListener('hello', () => loadState().catch((err) => toast(err.message)));
  events.addEventListener('entry', (ev) => addEntry(JSON.parse(ev.data).entry));
  events.addEventListener('update', (ev) => addEntry(JSON.parse(ev.data).entry));
  events.addEventListener('request', (ev) => addRequest(JSON.parse(ev.data).request));
  events.addEventListener('clock', (ev) => setNow(JSON.parse(ev.data).now));
  window.addEventListener('hashchange', () => {
    const key = decodeURIComponent(location.hash.slice(1));
    if (key && key !== state.current && state.people.some((p) => p.key === key)) select(key);
  });
})();
