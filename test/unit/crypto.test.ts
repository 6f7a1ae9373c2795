import {
  CallbackCrypto, CryptoError, aesKeyFrom, decryptMessage, encryptMessage, jsapiSignature, signatureMatches, sortedSignature,
} from '../../src/channels/crypto.ts';

// Published vectors, platform-apis §1.6.
const V3 = { token: '123456', aesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR', corpId: 'wx49f0ab532d5d035a' };
const V3b = {
  signature: '74d92dfeb87ba7c714f89d98870ae5eb62dff26d', timestamp: '1411525903', nonce: '461056294',
  encrypt: 'RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=',
  plaintext: '<xml><ToUserName><![CDATA[wx49f0ab532d5d035a]]></ToUserName>\n<FromUserName><![CDATA[messense]]></FromUserName>\n<CreateTime>1411525903</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n<MsgId>4363689963896700987</MsgId>\n<AgentID>1</AgentID>\n</xml>',
};
const V4 = { token: 'pamtest', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', appId: 'wxb11529c136998cb6', timestamp: '1409304348', nonce: 'xxxxxx' };
const V4random = Buffer.from('aaaabbbbccccdddd', 'ascii');

const v3 = new CallbackCrypto({ token: V3.token, encodingAESKey: V3.aesKey, receiveId: V3.corpId });

describe('WeCom callback crypto against the wechatpy vectors (V3)', () => {
  it('accepts the URL-verification signature and decrypts the echostr to the published message (V3a)', () => {
    const echostr = '4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==';
    expect(() => v3.verify('dd6b9c95b495b3f7e2901bfbc76c664930ffdb96', '1411443780', '437374425', echostr)).not.toThrow();
    expect(v3.decrypt(echostr)).toBe('5927782489442352469');
  });

  it('refuses the URL-verification signature when the nonce is off by one (V3a negative)', () => {
    const echostr = '4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==';
    expect(() => v3.verify('dd6b9c95b495b3f7e2901bfbc76c664930ffdb96', '1411443780', '437374424', echostr))
      .toThrow(expect.objectContaining({ code: -40001 }));
  });

  it('verifies and decrypts the published text message exactly (V3b)', () => {
    expect(() => v3.verify(V3b.signature, V3b.timestamp, V3b.nonce, V3b.encrypt)).not.toThrow();
    expect(v3.decrypt(V3b.encrypt)).toBe(V3b.plaintext);
  });

  it('encrypts the published plaintext with the fixed random to the published ciphertext and signature (V3c)', () => {
    const plaintext = '<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n<ToUserName><![CDATA[messense]]></ToUserName>\n<AgentID>1</AgentID>\n<CreateTime>1411525903</CreateTime>\n</xml>';
    const encrypted = v3.encrypt(plaintext, Buffer.from('1234567890123456', 'ascii'));
    expect(encrypted).toBe('9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3');
    expect(v3.sign('1411525903', '461056294', encrypted)).toBe('407518b7649e86ef23978113f92d27afa9296533');
    expect(v3.decrypt(encrypted)).toBe(plaintext);
  });
});

describe('official-account crypto against Tencent\'s Java sample vectors (V4)', () => {
  const key = aesKeyFrom(V4.aesKey);

  it('encrypts the Chinese plaintext to the published ciphertext and signs it (V4a)', () => {
    const encrypted = encryptMessage(key, '我是中文abcd123', V4.appId, V4random);
    expect(encrypted).toBe('jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==');
    expect(sortedSignature(V4.token, V4.timestamp, V4.nonce, encrypted)).toBe('82c962d39941aa48552f90ef55aa323dc620cc10');
    expect(decryptMessage(key, encrypted, V4.appId)).toEqual({ message: '我是中文abcd123', receiveId: V4.appId });
  });

  it('encrypts the video reply XML to the published ciphertext and signs it (V4b)', () => {
    const xml = '<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>';
    const encrypted = encryptMessage(key, xml, V4.appId, V4random);
    expect(encrypted).toBe('jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb');
    expect(sortedSignature(V4.token, V4.timestamp, V4.nonce, encrypted)).toBe('ea88b765074e41eb8c7a75b449db34fa2fd560d5');
    expect(decryptMessage(key, encrypted, V4.appId).message).toBe(xml);
  });
});

describe('official-account compat-mode sample and plain signatures (V6, V7, V8)', () => {
  it('verifies and decrypts Tencent\'s Python sample POST and checks its app id (V6)', () => {
    const oa = new CallbackCrypto({ token: 'spamtest', encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', receiveId: 'wx2c2769f8efd9abc2' });
    const encrypted = 'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=';
    expect(() => oa.verify('5d197aaffba7e9b25a30732f161a50dee96bd5fa', '1409735669', '1320562132', encrypted)).not.toThrow();
    expect(oa.decrypt(encrypted)).toBe('<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>');
    expect(sortedSignature('spamtest', '1409735669', '1320562132')).toBe('16120ec1b8dbb870f510d87ce6bc2463eae6ca1a');
  });

  it('computes the plain-mode signature of the official doc example (V7)', () => {
    expect(sortedSignature('AAAAA', '1714037059', '486452656')).toBe('899cf89e464efb63f54ddac96b0a0a235f53aa78');
  });

  it('computes the plain and four-part signatures of the SDK unit vectors (V8)', () => {
    expect(sortedSignature('789', '456', '123')).toBe('f7c3bc1d808e04732adf679965ccc34ca7ae3441');
    expect(sortedSignature('RMNlACHlV5ThzfRlVS4D4', 'timestamp', 'nonce', 'encrypt')).toBe('8edac0945683c119ee71c9f6256d76c48aa08a96');
  });
});

describe('JS-SDK signature (V9)', () => {
  it('signs the official example page with its ticket, nonce and timestamp', () => {
    const ticket = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
    expect(jsapiSignature(ticket, 'Wm3WZYTPz0wzccnW', 1414587457, 'http://mp.weixin.qq.com?params=value')).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
    expect(jsapiSignature(ticket, 'Wm3WZYTPz0wzccnW', '1414587457', 'http://mp.weixin.qq.com?params=value#top')).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });
});

describe('what the crypto refuses', () => {
  const key = aesKeyFrom(V3.aesKey);
  const codeOf = (fn: () => unknown) => { try { fn(); } catch (err) { return (err as CryptoError).code; } return 0; };

  it('refuses an EncodingAESKey that is not 43 letters or digits (-40004)', () => {
    expect(codeOf(() => aesKeyFrom(V3.aesKey.slice(1)))).toBe(-40004);
    expect(codeOf(() => aesKeyFrom(`${V3.aesKey}A`))).toBe(-40004);
    expect(codeOf(() => aesKeyFrom(`${V3.aesKey.slice(1)}+`))).toBe(-40004);
  });

  it('refuses a message meant for another corp (-40005) but decrypts it without the check', () => {
    const other = encryptMessage(key, 'hello', 'wwsomeoneelse');
    expect(codeOf(() => decryptMessage(key, other, V3.corpId))).toBe(-40005);
    expect(decryptMessage(key, other)).toEqual({ message: 'hello', receiveId: 'wwsomeoneelse' });
  });

  it('refuses text that is not base64 (-40010)', () => {
    expect(codeOf(() => decryptMessage(key, 'not base64 at all!', V3.corpId))).toBe(-40010);
    expect(codeOf(() => decryptMessage(key, '', V3.corpId))).toBe(-40010);
  });

  it('refuses ciphertext that is not whole blocks or whose padding is not PKCS#7 to 32 bytes (-40008)', () => {
    expect(codeOf(() => decryptMessage(key, Buffer.alloc(20).toString('base64'), V3.corpId))).toBe(-40008);
    // A valid block structure whose last byte decrypts to garbage: AES-CBC of random data with the right key.
    const garbage = Buffer.from(encryptMessage(key, 'x'.repeat(40), V3.corpId), 'base64');
    garbage[garbage.length - 17] ^= 0x55; // flips the last plaintext byte (the padding) through CBC
    expect(codeOf(() => decryptMessage(key, garbage.toString('base64'), V3.corpId))).toBe(-40008);
  });

  it('compares signatures in constant time and says no to a different length or a different value', () => {
    expect(signatureMatches('abc', 'abc')).toBe(true);
    expect(signatureMatches('abc', 'abd')).toBe(false);
    expect(signatureMatches('abc', 'abcd')).toBe(false);
  });
});
