/**
 * What the sandbox console needs from the simulated platforms, as narrow interfaces. server.ts adapts the WeCom
 * simulator (src/simulators/wecom/api.ts) and its callback sender to these; the console never reaches further in.
 */

/** One request our server made to a simulated platform API, with the simulator's answer. */
export interface PlatformRequest {
  platform: 'wecom' | 'wechat' | 'wechaty';
  method: string;
  /** The API path as the real platform has it, e.g. /cgi-bin/message/send (without the simulator's mount prefix). */
  path: string;
  query: Record<string, string>;
  /** The JSON body (or a short description of a binary/multipart body). */
  body: unknown;
  /** Who it was for, as the simulator read it: touser, chatid, robot key, or the userids of a card update. */
  to?: string;
  /** The JSON the simulator answered with (or a description of a file it served). */
  response?: unknown;
  /** 0 when the platform accepted the request. */
  errcode: number;
  /** A repeat the platform's duplicate check dropped (nothing reached anyone). */
  duplicate?: boolean;
  at: Date;
}

export interface SimulatedPlatform {
  /** Registers bytes a person "sends" as a photo; returns the MediaId the callback will carry. */
  addMedia(bytes: Buffer, type: string): string | Promise<string>;
  /** The bytes of a file the platform holds (photos people sent, images our server uploaded). */
  mediaBytes(mediaId: string): Buffer | undefined;
  /** Every request recorded so far (oldest first). */
  recorded(): PlatformRequest[];
  /** Calls `listener` for every new request; returns a function that unsubscribes. */
  onRequest(listener: (request: PlatformRequest) => void): () => void;
}

export interface CardTap {
  eventKey: string;
  taskId: string;
  responseCode?: string;
  cardType: string;
  selected?: { questionKey: string; optionIds: string[] }[];
}

/** Delivers callbacks to our own /wecom/callback the way WeCom does (encrypted, signed, over HTTP). */
export interface CallbackDelivery {
  sendText(from: string, text: string): Promise<void>;
  sendImage(from: string, mediaId: string): Promise<void>;
  sendCardEvent(from: string, tap: CardTap): Promise<void>;
}

/** A personal-WeChat room the console can watch and speak in (the mock wechaty world). */
export interface RoomMessageLike {
  at: Date;
  topic: string;
  fromId: string;
  fromName: string;
  fromBot: boolean;
  text: string;
}

export interface SimulatedRooms {
  /** Everything the rooms have seen so far (oldest first). */
  messages(): RoomMessageLike[];
  onMessage(listener: (m: RoomMessageLike) => void): () => void;
  /** A member posts in a room. */
  say(contactId: string, topic: string, text: string): void;
}

/** Delivers what a person on the official account does to our own /wechat/callback, as the platform would. */
export interface FollowerDelivery {
  sendText(openid: string, text: string): Promise<void>;
  sendImage(openid: string, mediaId: string): Promise<void>;
  /** A menu button (CLICK with its key). */
  click(openid: string, key: string): Promise<void>;
}
