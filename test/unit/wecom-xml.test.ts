import { toInboundMessage } from '../../src/channels/wecom/inbound.ts';
import { MAX_XML_BYTES, XmlError, buildXml, callbackEnvelope, parseEnvelope, parseXml } from '../../src/channels/wecom/xml.ts';
import { fixture } from '../helpers/wecom.ts';

const inbound = async (xml: string) => toInboundMessage(parseXml(xml));
const reasonOf = (xml: string) => { try { parseXml(xml); return 'parsed'; } catch (err) { return (err as XmlError).reason; } };

describe('reading WeCom callback XML into inbound messages', () => {
  it('reads a text message with its sender, time, content and the 64-bit MsgId as a string key', async () => {
    const msg = await inbound(fixture('text'));
    expect(msg).toMatchObject({
      channel: 'wecom', kind: 'text', from: 'zhangwei', text: '开始督导 实验小学',
      dedupeKey: 'msg:7360123456789012345', createdAt: '2024-04-25T09:24:19.000Z',
    });
    expect(msg!.raw).toMatchObject({ MsgId: '7360123456789012345', AgentID: '1' });
  });

  it('reads a photo with its MediaId and PicUrl', async () => {
    expect(await inbound(fixture('image'))).toMatchObject({
      kind: 'image', mediaId: '1G6nrLmr5EC3MMb_-zK1dDdzmd0p7cNliYu9V5w7o8K0', picUrl: 'https://wework.qpic.cn/wwpic/123456_abcdef/0',
    });
  });

  it('reads a location with latitude, longitude and the place name', async () => {
    expect((await inbound(fixture('location')))!.location).toEqual({ lat: 30.274085, lng: 120.15507, label: '浙江省杭州市上城区实验小学' });
  });

  it('reads a card tap with its key, task, card type, response code and every selected option as arrays', async () => {
    const msg = await inbound(fixture('template_card_event'));
    expect(msg).toMatchObject({ kind: 'event', from: 'zhangwei' });
    expect(msg!.event).toEqual({
      name: 'template_card_event', key: 'visit.submit', taskId: 'visit-42-items', cardType: 'multiple_interaction',
      responseCode: 'allow_0Y5m0Xc_2lS3mJ2Z5ZQ9rJ7iVQd',
      selected: [{ questionKey: 'items', optionIds: ['1', '7'] }, { questionKey: 'rating', optionIds: ['good'] }],
    });
    expect(msg!.dedupeKey).toBe('ev:zhangwei|1714037240|template_card_event|visit.submit|visit-42-items|allow_0Y5m0Xc_2lS3mJ2Z5ZQ9rJ7iVQd||');
  });

  it('reads an enter_agent event with its empty EventKey', async () => {
    expect((await inbound(fixture('enter_agent')))!.event).toEqual({ name: 'enter_agent' });
  });

  it('gives two different card taps by one person in the same second two different keys', async () => {
    const tap = (key: string, code: string) => buildXml({
      ToUserName: 'wx', FromUserName: 'zhangwei', CreateTime: 1714037240, MsgType: 'event', Event: 'template_card_event',
      EventKey: key, TaskId: 't1', ResponseCode: code,
    });
    const a = await inbound(tap('visit.submit', 'rc1'));
    const b = await inbound(tap('visit.cancel', 'rc2'));
    expect(a!.dedupeKey).not.toBe(b!.dedupeKey);
  });

  it('reads numbers with or without CDATA alike', async () => {
    const msg = await inbound('<xml><FromUserName>li</FromUserName><CreateTime><![CDATA[1714037059]]></CreateTime><MsgType>text</MsgType><Content>hi</Content><MsgId><![CDATA[18446744073709551615]]></MsgId></xml>');
    expect(msg).toMatchObject({ from: 'li', text: 'hi', dedupeKey: 'msg:18446744073709551615' });
  });

  it('returns nothing for a message type it does not know', async () => {
    expect(await inbound('<xml><FromUserName>li</FromUserName><CreateTime>1</CreateTime><MsgType>miniprogram_notice</MsgType></xml>')).toBeNull();
  });

  it('refuses a message without a sender or time', async () => {
    await expect(inbound('<xml><CreateTime>1</CreateTime><MsgType>text</MsgType><MsgId>1</MsgId></xml>')).rejects.toThrow(/FromUserName/);
    await expect(inbound('<xml><FromUserName>li</FromUserName><MsgType>text</MsgType><MsgId>1</MsgId></xml>')).rejects.toThrow(/CreateTime/);
  });
});

describe('what the XML reader refuses before or while parsing', () => {
  it('refuses a DOCTYPE and an entity declaration', async () => {
    expect(reasonOf('<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Content>&x;</Content></xml>')).toBe('declaration');
    expect(reasonOf('<xml><!ENTITY a "b"><Content>1</Content></xml>')).toBe('declaration');
  });

  it('refuses a body over the limit without parsing it', async () => {
    expect(reasonOf(`<xml><Content>${'a'.repeat(MAX_XML_BYTES)}</Content></xml>`)).toBe('too_large');
  });

  it('refuses malformed XML, an undefined entity and an empty document', async () => {
    expect(reasonOf('<xml><Content>unclosed</xml>')).toBe('malformed');
    expect(reasonOf('<xml><Content>&bogus;</Content></xml>')).toBe('malformed');
    expect(reasonOf('')).toBe('malformed');
    expect(reasonOf('just text')).toBe('malformed');
  });

  it('builds XML that reads back to the same fields, CDATA terminators included', async () => {
    const xml = buildXml({ A: 'x]]>y', B: 5, C: { D: ['1', '2'] } });
    expect(parseXml(xml)).toEqual({ A: 'x]]>y', B: '5', C: { D: ['1', '2'] } });
  });

  it('reads the envelope as WeCom sends it, indented or not, CDATA or not', () => {
    const doc = '<xml>\n   <ToUserName><![CDATA[toUser]]></ToUserName>\n   <AgentID><![CDATA[toAgentID]]></AgentID>\n   <Encrypt><![CDATA[msg_encrypt]]></Encrypt>\n</xml>';
    expect(parseEnvelope(doc)).toEqual({ ToUserName: 'toUser', AgentID: 'toAgentID', Encrypt: 'msg_encrypt' });
    expect(parseEnvelope(callbackEnvelope('wx49f0ab532d5d035a', 'c2VjcmV0', 1))).toEqual({ ToUserName: 'wx49f0ab532d5d035a', AgentID: '1', Encrypt: 'c2VjcmV0' });
  });

  it('refuses an envelope with nesting, attributes, an unclosed element, text outside <xml> or a DOCTYPE', () => {
    const reason = (xml: string) => { try { parseEnvelope(xml); return 'parsed'; } catch (err) { return (err as XmlError).reason; } };
    expect(reason('<xml><A><B>1</B></A></xml>')).toBe('malformed');
    expect(reason('<xml><Encrypt x="1">1</Encrypt></xml>')).toBe('malformed');
    expect(reason('<xml><Encrypt>abc</xml>')).toBe('malformed');
    expect(reason('junk<xml></xml>')).toBe('malformed');
    expect(reason('<!DOCTYPE xml><xml></xml>')).toBe('declaration');
    expect(reason(`<xml><Encrypt>${'A'.repeat(MAX_XML_BYTES)}</Encrypt></xml>`)).toBe('too_large');
  });
});

describe('the reader gives the same fields whichever way a document is read', () => {
  it('reads flat documents (CDATA or text, indented, repeated names) as the general parser does', () => {
    expect(parseXml('<xml>\n  <A><![CDATA[ 中文 > 好 ]]></A>\n  <B>7</B><B>8</B><B>9</B>\n  <C></C>\r\n</xml>'))
      .toEqual({ A: '中文 > 好', B: ['7', '8', '9'], C: '' });
  });

  it('leaves entities, CDATA with a bracket, whitespace-only text and nesting to the general parser', () => {
    expect(parseXml('<xml><A>x &amp; y</A><B><![CDATA[a]b]]></B><C>  </C><D><E>1</E></D></xml>'))
      .toEqual({ A: 'x & y', B: 'a]b', C: '  ', D: { E: '1' } });
  });
});
