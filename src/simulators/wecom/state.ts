/** What the simulated WeCom corp holds: members, app group chats, temporary media, issued response codes. */
import crypto from 'node:crypto';
import { Journal } from './journal.ts';
import type { WecomUser } from '../../channels/wecom/wire.ts';
export type { SimMedia, JsonAnswer } from '../answers.ts';
import type { SimMedia } from '../answers.ts';

/** A member, in the shape user/get returns (the wire type our client reads). */
export type SimUser = WecomUser;

/** A department, in the shape department/list returns. */
export interface SimDepartment {
  id: number;
  name: string;
  name_en?: string;
  parentid: number;
  order: number;
  department_leader?: string[];
}

/** Members and departments the simulator reads on each directory call (the sandbox's people and zones). */
export interface SimDirectory {
  users: SimUser[];
  departments: SimDepartment[];
}

export interface SimChat {
  chatid: string;
  name: string;
  owner?: string;
  userlist: string[];
}


const MEDIA_MIME: Record<string, string> = { image: 'image/jpeg', voice: 'audio/amr', video: 'video/mp4', file: 'application/octet-stream' };

export const MEDIA_TTL_MS = 3 * 24 * 3600_000;

export class SimState {
  readonly journal = new Journal();
  readonly users = new Map<string, SimUser>();
  readonly departments = new Map<number, SimDepartment>();
  /** Where more of the directory comes from (set by the sandbox); what tests add comes first. */
  directorySource?: () => Promise<SimDirectory>;
  readonly chats = new Map<string, SimChat>();
  readonly media = new Map<string, SimMedia>();
  /** response_code → whether update_template_card has used it (single use, platform-apis §2.5). */
  readonly responseCodes = new Map<string, { used: boolean }>();
  /** Successful robot sends per key, for the 20/min limit. */
  readonly robotSends = new Map<string, number[]>();

  constructor(readonly agentId: number, readonly now: () => Date) {}

  /** Every member and department: those added, then the source's (an added userid or id wins). */
  async directory(): Promise<SimDirectory> {
    const extra = this.directorySource ? await this.directorySource() : { users: [], departments: [] };
    const users = [...this.users.values(), ...extra.users.filter((u) => !this.users.has(u.userid))];
    const departments = [...this.departments.values(), ...extra.departments.filter((d) => !this.departments.has(d.id))];
    return { users, departments };
  }

  /** `type` is a MIME type, or a WeCom media type (image, voice, video, file). */
  addMedia(bytes: Uint8Array, type: string, fileName: string): string {
    const id = `${crypto.randomBytes(30).toString('base64url')}`;
    const contentType = MEDIA_MIME[type] ?? type;
    this.media.set(id, { bytes: Buffer.from(bytes), contentType, fileName, createdAt: this.now() });
    return id;
  }

  liveMedia(id: unknown): SimMedia | undefined {
    const m = typeof id === 'string' ? this.media.get(id) : undefined;
    return m && this.now().getTime() - m.createdAt.getTime() < MEDIA_TTL_MS ? m : undefined;
  }

  issueResponseCode(): string {
    const code = crypto.randomBytes(24).toString('base64url');
    this.responseCodes.set(code, { used: false });
    return code;
  }
}

export const ok = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ errcode: 0, errmsg: 'ok', ...extra });
export const err = (errcode: number, errmsg: string): Record<string, unknown> => ({ errcode, errmsg });
export const newId = (bytes = 16): string => crypto.randomBytes(bytes).toString('hex');
