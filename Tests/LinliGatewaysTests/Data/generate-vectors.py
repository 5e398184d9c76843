#!/usr/bin/env python3
"""Writes vectors.json beside this file: the test vectors of the gateway tests.

Derived here, independently of the Swift code, with hashlib/hmac and the `cryptography`
package, from:
  - the official samples' inputs (WeChat/WeCom documentation, wechatpy's tests): the
    "official_decrypted" plaintexts are what those samples decrypt to;
  - the generated vectors S1-S5 (fixed 16-byte random prefixes) of the protocol notes, whose
    published Encrypt/msg_signature values are asserted below, so a mismatch stops the script;
  - held-out vectors of our own (P3, H1, H2, and the webhook signatures), never published
    anywhere, so an implementation cannot have been fitted to them.

Run: python3 Tests/LinliGatewaysTests/Data/generate-vectors.py
"""
import base64
import hashlib
import hmac
import json
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def aes_key(encoding_aes_key):
    assert len(encoding_aes_key) == 43
    return base64.b64decode(encoding_aes_key + "=")


def encrypt(key, random16, msg, receive_id):
    body = random16 + struct.pack(">I", len(msg)) + msg + receive_id.encode()
    pad = 32 - len(body) % 32
    full = body + bytes([pad]) * pad
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(full) + encryptor.finalize()).decode(), len(body), pad


def decrypt(key, b64, receive_id):
    decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    raw = decryptor.update(base64.b64decode(b64)) + decryptor.finalize()
    raw = raw[: -raw[-1]]
    (length,) = struct.unpack(">I", raw[16:20])
    assert raw[20 + length:].decode() == receive_id
    return raw[20:20 + length].decode()


def sha1_sorted(*parts):
    return hashlib.sha1("".join(sorted(parts, key=lambda p: p.encode())).encode()).hexdigest()


def safe_vector(name, kind, token, encoding_aes_key, receive_id, timestamp, nonce, random16, msg, expect=None, **extra):
    key = aes_key(encoding_aes_key)
    msg_bytes = msg.encode()
    encrypted, fullstr, pad = encrypt(key, random16, msg_bytes, receive_id)
    signature = sha1_sorted(token, timestamp, nonce, encrypted)
    if expect:
        assert (encrypted, signature) == expect, f"{name}: does not reproduce the published values"
    assert decrypt(key, encrypted, receive_id) == msg
    vector = {
        "name": name, "kind": kind, "token": token, "encoding_aes_key": encoding_aes_key, "receive_id": receive_id,
        "timestamp": timestamp, "nonce": nonce, "msg": msg,
        "msg_utf8_len": len(msg_bytes), "msg_len_be_hex": struct.pack(">I", len(msg_bytes)).hex(),
        "fullstr_len": fullstr, "pad_byte": pad, "aes_key_hex": key.hex(), "iv_hex": key[:16].hex(),
        "ciphertext_len": len(base64.b64decode(encrypted)), "encrypt_b64": encrypted, "msg_signature": signature,
    }
    if all(32 <= b < 127 for b in random16):
        vector["random_ascii"] = random16.decode()
    else:
        vector["random_hex"] = random16.hex()
    if kind == "mp_inbound":
        vector["url_signature"] = sha1_sorted(token, timestamp, nonce)
        vector["to_user"], vector["openid"] = extra["to_user"], extra["openid"]
        vector["query"] = (f"signature={vector['url_signature']}&timestamp={timestamp}&nonce={nonce}"
                           f"&openid={extra['openid']}&encrypt_type=aes&msg_signature={signature}")
        vector["post_body"] = (f"<xml>\n<ToUserName><![CDATA[{extra['to_user']}]]></ToUserName>\n"
                               f"<Encrypt><![CDATA[{encrypted}]]></Encrypt>\n</xml>")
    elif kind == "wecom_inbound":
        vector["agent_id"] = extra["agent_id"]
        vector["query"] = f"msg_signature={signature}&timestamp={timestamp}&nonce={nonce}"
        vector["post_body"] = (f"<xml><ToUserName><![CDATA[{receive_id}]]></ToUserName><Encrypt><![CDATA[{encrypted}]]>"
                               f"</Encrypt><AgentID><![CDATA[{extra['agent_id']}]]></AgentID></xml>")
    elif kind == "wecom_echostr":
        quoted = encrypted.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
        vector["query"] = f"msg_signature={signature}&timestamp={timestamp}&nonce={nonce}&echostr={quoted}"
        vector["expected_response_body"] = msg
    elif kind == "mp_reply":
        vector["reply_xml"] = (f"<xml>\n<Encrypt><![CDATA[{encrypted}]]></Encrypt>\n"
                               f"<MsgSignature><![CDATA[{signature}]]></MsgSignature>\n"
                               f"<TimeStamp>{timestamp}</TimeStamp>\n<Nonce><![CDATA[{nonce}]]></Nonce>\n</xml>")
    return vector


def plain_vector(name, token, timestamp, nonce, echostr=None, expect=None):
    ordered = sorted([token, timestamp, nonce], key=lambda p: p.encode())
    signature = sha1_sorted(token, timestamp, nonce)
    if expect:
        assert signature == expect, f"{name}: does not reproduce the published signature"
    return {"name": name, "token": token, "timestamp": timestamp, "nonce": nonce, "echostr": echostr,
            "sorted": ordered, "concatenated": "".join(ordered), "signature": signature}


def webhook_vector(name, secret, timestamp, body):
    signed = hmac.new(secret.encode(), f"{timestamp}.".encode() + body.encode(), hashlib.sha256).hexdigest()
    legacy = hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
    return {"name": name, "secret": secret, "timestamp": timestamp, "body": body,
            "signature": "sha256=" + signed, "legacy_signature": "sha256=" + legacy}


KEY = "Pz4mQ8sV1cX7nB3kL9fH2dR6tY0wE5uI8oA3gJ7qM1v"
S1_MSG = ("<xml><ToUserName><![CDATA[gh_8a2b3c4d5e6f]]></ToUserName><FromUserName><![CDATA[oQx7a5KJ2d8nA1bC3dE4fG5hI6jK]]>"
          "</FromUserName><CreateTime>1714112445</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好，世界 hello]]>"
          "</Content><MsgId>24567890123456789</MsgId></xml>")
S2_MSG = ("<xml><ToUserName><![CDATA[oQx7a5KJ2d8nA1bC3dE4fG5hI6jK]]></ToUserName><FromUserName><![CDATA[gh_8a2b3c4d5e6f]]>"
          "</FromUserName><CreateTime>1714112446</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[收到：你好，世界 hello]]>"
          "</Content></xml>")
S3_MSG = ("<xml><ToUserName><![CDATA[ww8f2c4a6e1b3d5f70]]></ToUserName><FromUserName><![CDATA[ZhangSan]]></FromUserName>"
          "<CreateTime>1714200000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[click]]></Event>"
          "<EventKey><![CDATA[MENU_HELP]]></EventKey><AgentID>1000002</AgentID></xml>")
H1_MSG = ("<xml><ToUserName><![CDATA[ww3c5e7a9b1d2f4068]]></ToUserName><FromUserName><![CDATA[LiSiWangGe]]></FromUserName>"
          "<CreateTime>1735689600</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[凤鸣小区5号楼的路灯不亮了]]>"
          "</Content><MsgId>7451234567890123456</MsgId><AgentID>1000017</AgentID></xml>")
H2_MSG = ("<xml><ToUserName><![CDATA[oHeldOut0000000000000000001]]></ToUserName><FromUserName><![CDATA[gh_0f1e2d3c4b5a]]>"
          "</FromUserName><CreateTime>1735689601</CreateTime><MsgType><![CDATA[text]]></MsgType>"
          "<Content><![CDATA[已收到 & 已登记 <第3号>]]></Content></xml>")
H_KEY = "Hq7ZtX2pLw9bNc4vRm8sKd1fGj6yUe3aTo5iPz0xWl7"  # ours; non-canonical last character, like platform keys

vectors = {
    "wechatpy_version": "1.8.18",
    "official_decrypted": {
        "wecom_sample_echostr_plain": decrypt(
            aes_key("6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt"),
            "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==", "ww1436e0e65a779aee"),
        "wecom_sample_msg_plain": decrypt(
            aes_key("6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt"),
            "Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+",
            "ww1436e0e65a779aee"),
        "wechatpy_test_echostr_plain": decrypt(
            aes_key("kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"),
            "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==", "wx49f0ab532d5d035a"),
    },
    "plain": [
        plain_vector("P1 GET URL verification (公众号)", "PamToken2024", "1714036504", "1514711492", "4375120948345356249",
                     expect="9d8a7f7cd4c385c366bb67aeec7d7b7eb8fb119a"),
        plain_vector("P2 POST plain mode, mixed-case nonce (sort is byte-wise)", "Zebra", "1700000000", "aB3xY9",
                     expect="f2d7c19384efe560ebf436d55bce0964ccbbfb48"),
        plain_vector("P3 held out: token sorting between the digits", "9zToken", "1735689600", "0aNonce"),
    ],
    "safe": [
        safe_vector("S1 公众号 inbound text (safe mode)", "mp_inbound", "PamToken2024", KEY, "wx5a9e3c1f0b7d2e48",
                    "1714112445", "1320562132", b"0123456789abcdef", S1_MSG,
                    expect=("KbYJliptMgC03NU7QplVhX1IjgmRt39KW/H5y8BTGh7XOXt0kVVrtVhqbMRgyg5sggy3m2GTj1tE9S/GsYTbSBjzFm1wvCBR7MpgcHlaDRLgdvJZUlpklQumkXKWO1siXpC5r08pC1GGW0QEgCr+IPNEGYMQMp9a5LzLYF0hkOgFrIMEgEeIVpuEvq/H+QGzOHikjJxa7rCHahsFGD3Vq/i66uWHYzfXvu1MdC/LDPK1GYVIDgwxKumXG2a2SAXNjOz+TyqTJCjT4ZOspWsPdcbw5/4aoRKQukEE9f2NcH9VyBlJCYSA4jWtCNzkDrNGwigTTjFJKm0Mks0T0N6NUlMmZoR0DBOM5Rtbnb7cqSQ1j2VIyFzCClKGbt/egWEgOmtSQIiY7kWdphueL4uzU1nx1zz8oehLlHGTBGQOnFZ30CwSG1wrVXkHQ7K/OfDulg4BNtLnWaQO1ToXOkpZ4Q==",
                            "1a34b549085b2e8a8801a80041069b990e9d4bbf"),
                    to_user="gh_8a2b3c4d5e6f", openid="oQx7a5KJ2d8nA1bC3dE4fG5hI6jK"),
        safe_vector("S2 公众号 encrypted passive reply (text)", "mp_reply", "PamToken2024", KEY, "wx5a9e3c1f0b7d2e48",
                    "1714112446", "1320562132", b"fedcba9876543210", S2_MSG,
                    expect=("8zShoBdbZc7v/GnIUvlY4gjfSBXk6fIuZhXvm71MSt16jyzh7/5gLxj98VV0CC0FHGJv9o0efHdfSl8UHS6XhH7D4TlPwNpnFqgKNc4EN0WFnJJqzbQPXEyKOvzEABVUMQBwojUv0g9kzDNmhRlzw6+oXEB5mqBLhLGk9Cpy02PDaqgSSCX7kJAnanNNlfumIr9mNsnEu20C0+C9LjG2VWKkKeP/7VABYaAJsJeetKX0IaSC0P6NBM4d5Z6rjw/lK97A9he0wsMOSgnNl7U5aKBUdkPoGBDFkZD5bToHVvgQ/CvhWbx1Kx8TUmXMV0TZUVzqN4MuUCSa0PLa7rJlJzcsQfhSZv2o8I8VS6whtXA7HjWAll36jWEab6un2uOvvuXXq5lBsB4UZHr90JbNamTXGovm8GtBi8RWeu3/4SQ=",
                            "45bcade025826d9a811c9042581f9847ee5984b6")),
        safe_vector("S3 WeCom inbound click event (binary random prefix)", "wecom_inbound", "PamToken2024", KEY,
                    "ww8f2c4a6e1b3d5f70", "1714200000", "998877665", bytes.fromhex("00ff10e0c3a5f4079b2d8e116a5c3f80"), S3_MSG,
                    expect=("QLltA28DyAi+EpHldtuzgSwgZ770Fh+YKlRYVdpAx6afD/rOa3P8npu2B7X7LFfKKkm4MQM2NACQAgqi0zkwn6NbT8RR+l7aq/+nt4RpO1VQjZD7ZbWOENjIY9axxqXSiJAncd4lLn303xZOpIyEtcosL308G10dgSUFJIgro9D3wxwpLxSHMh1pYczenUOQIC/HkNocz9RrH3czhggz9vXrL8h2o6RiXH/6NI4t6tfP+P2oga6OsHrrpbpzxpTBf9KSOgBnE7ywr+cLUkJLSeK54rRSjMNz0fU1H1Veh3TXYfYP8Z8URXkOb3ljWOUZ2b9Dc8bFCC4gz7vQXvyw9QngKW9wBn4TPwfitlkCJWIKDmXhTzIIJ22vsK8vsNX5QOkAx/RDuZjTQcv0s77Qer20dlnuT2g+lcjm6faS2j5lkZiZ1+mGckIj8TD5fHAPbOfgjfV7nfta8hzAvRJsfg==",
                            "a87252c1eddff5e76e083620d345bf3b01227b27"),
                    agent_id="1000002"),
        safe_vector("S4 WeCom URL verification echostr", "wecom_echostr", "PamToken2024", KEY, "ww8f2c4a6e1b3d5f70",
                    "1714200100", "55512345", b"AbCdEfGhIjKlMnOp", "7389217736158405301",
                    expect=("wBYdGtp1PBBm0btUSNM4TsnkV4oyhNRt10Qr95EQpKwfLSupXqCAg53Dc6LrD5VOAdlQSF/vRXnD3p/imr7KLA==",
                            "1df99ddaaa2c3d8f133a777f9cd28df5087eaf16")),
        safe_vector("S5 padding edge: FullStr length multiple of 32", "mp_reply", "PamToken2024", KEY, "wx5a9e3c1f0b7d2e48",
                    "1714112447", "42", b"P" * 16, "<xml><a>" + "x" * 40 + "</a></xml>",
                    expect=("orFx1eCfxaC8oJ7WX02rOApsL6oesbnct71C8+LTgHEz1Q4D4j1jPfrhGoIZyZPZ2ZrdrTW7IbhoXtaf/gEaEw0EA/rZdjXK77qjZo4PfJRZ3Y3at/alRejVVYENoUb/MOniu3uqBwt5To8eE7MMqtPpiDDwYAlLBS3kWCKgQk0=",
                            "020c034a1928db12e42a51fa7ac998d5aafece1b")),
        safe_vector("H1 held out: WeCom text, Chinese content, binary random prefix", "wecom_inbound", "HeldOutToken7788",
                    H_KEY, "ww3c5e7a9b1d2f4068", "1735689600", "246813579",
                    bytes.fromhex("9f00e1c27d3b4a5688990a1b2c3d4eff"), H1_MSG, agent_id="1000017"),
        safe_vector("H2 held out: 公众号 reply with escaped text in CDATA", "mp_reply", "HeldOutToken7788",
                    H_KEY, "wx0a1b2c3d4e5f6789", "1735689601", "7", b"heldout-random16", H2_MSG),
    ],
    "webhook": [
        webhook_vector("W1 held out: ASCII body", "webhook-held-out-secret", "1735689600",
                       '{"user_id":"u-1","message_id":"m-1","text":"hello"}'),
        webhook_vector("W2 held out: Chinese body with escapes", "另一个-secret-0123456789", "1735689999",
                       '{"user_id":"resident-42","message_id":"7","text":"楼道灯坏了\\n\\"急\\""}'),
    ],
}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vectors.json")
with open(path, "w", encoding="utf-8") as out:
    json.dump(vectors, out, ensure_ascii=False, indent=2)
    out.write("\n")
print(f"wrote {path}")
