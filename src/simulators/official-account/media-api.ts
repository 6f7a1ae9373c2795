/** Temporary media (platform-apis §3.3, §3.8): media/get of what a user sent, media/upload of what we send. */
import { fail, type Answer, type JsonAnswer } from './state.ts';
import type { ApiGroup } from './routes.ts';

const TYPES = new Set(['image', 'voice', 'video', 'thumb']);
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export const mediaApi: ApiGroup = ({ state, now }) => ({
  '/cgi-bin/media/get': {
    method: 'GET',
    token: true,
    run(req): Answer {
      const media = state.liveMedia(req.query.get('media_id'));
      return media ? { file: media } : { json: fail(40007) };
    },
  },
  '/cgi-bin/media/upload': {
    method: 'POST',
    token: true,
    run(req): JsonAnswer {
      const type = req.query.get('type') ?? '';
      if (!TYPES.has(type)) return { json: fail(40004) };
      const part = req.parts?.find((p) => p.name === 'media');
      if (!part) return { json: fail(41005) };
      if (part.data.length <= 5) return { json: { errcode: 40005, errmsg: 'invalid file type' } };
      if (part.data.length > MAX_IMAGE_BYTES) return { json: { errcode: 40009, errmsg: 'invalid image size' } };
      const id = state.addMedia(part.data, part.contentType ?? 'application/octet-stream', part.filename ?? 'media');
      return { json: { type, media_id: id, created_at: Math.floor(now().getTime() / 1000) } };
    },
  },
});
