/**
 * A personal-WeChat world for the sandbox and the tests, on wechaty-puppet-mock (groups-and-wechaty.md §2): the bot's
 * own account, one room per zone that has a 微信群名称, and its members as contacts (id = the person's 个人微信 id).
 * What a room receives (the bot's notices, members' replies) is recorded and emitted as 'message'; `say` makes a
 * member post in a room, which reaches our bot like a real message would.
 *
 *   const world = new WechatyMockWorld();
 *   world.addRoom('第三责任区督学群', [{ id: 'yangli-wx', name: '杨丽' }]);
 *   const channel = new WechatyChannel({ puppet: world.puppet, … }); await channel.start(); await world.login();
 */
import { EventEmitter } from 'node:events';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { clock } from '../../clock.ts';

export interface RoomMessage {
  seq: number;
  at: Date;
  topic: string;
  /** The contact id of who posted; the bot's own id for what our server sent. */
  fromId: string;
  fromName: string;
  fromBot: boolean;
  text: string;
}

export const MOCK_BOT_NAME = '督导通助手';
const MOCK_BOT_ID = 'dudao-bot';

export class WechatyMockWorld {
  readonly mocker = new mock.Mocker();
  readonly puppet = new PuppetMock({ mocker: this.mocker });
  readonly events = new EventEmitter();
  private readonly botUser = this.mocker.createContact({ id: MOCK_BOT_ID, name: MOCK_BOT_NAME });
  private readonly rooms = new Map<string, ReturnType<mock.Mocker['createRoom']>>();
  private readonly contacts = new Map<string, ReturnType<mock.Mocker['createContact']>>();
  private readonly log: RoomMessage[] = [];

  constructor() {
    this.events.setMaxListeners(0);
  }

  /** Creates the room (once) with these members; members already known are reused. */
  addRoom(topic: string, members: { id: string; name: string }[]): void {
    if (this.rooms.has(topic)) return;
    const ids = members.map((m) => this.contact(m.id, m.name).id);
    const room = this.mocker.createRoom({ topic, memberIdList: [this.botUser.id, ...ids] });
    (room as unknown as { on(e: 'message', l: (m: { talker(): { id: string; payload?: { name?: string } }; text(): string | undefined }) => void): void })
      .on('message', (m) => {
      const talker = m.talker();
      const entry: RoomMessage = {
        seq: this.log.length + 1, at: clock.now(), topic, fromId: talker.id, fromName: talker.payload?.name ?? talker.id,
        fromBot: talker.id === this.botUser.id, text: m.text() ?? '',
      };
      this.log.push(entry);
      this.events.emit('message', entry);
    });
    this.rooms.set(topic, room);
  }

  /** Logs the bot's account in (after the Wechaty instance has started) and waits until it is. */
  async login(): Promise<void> {
    this.mocker.login(this.botUser);
    await new Promise((r) => setTimeout(r, 20));
  }

  /** A member posts `text` in the room. */
  say(contactId: string, topic: string, text: string): void {
    const room = this.rooms.get(topic);
    const contact = this.contacts.get(contactId);
    if (!room) throw new Error(`no mock room ${topic}`);
    if (!contact) throw new Error(`no mock contact ${contactId}`);
    contact.say(text).to(room);
  }

  topics(): string[] {
    return [...this.rooms.keys()];
  }

  members(topic: string): { id: string; name: string }[] {
    const room = this.rooms.get(topic);
    const ids = room?.payload.memberIdList ?? [];
    return ids.filter((id) => id !== this.botUser.id).map((id) => ({ id, name: this.contacts.get(id)?.payload.name ?? id }));
  }

  /** What the room has seen, oldest first. */
  messages(topic?: string): RoomMessage[] {
    return this.log.filter((m) => topic === undefined || m.topic === topic);
  }

  private contact(id: string, name: string) {
    let c = this.contacts.get(id);
    if (!c) {
      c = this.mocker.createContact({ id, name });
      this.contacts.set(id, c);
    }
    return c;
  }
}
