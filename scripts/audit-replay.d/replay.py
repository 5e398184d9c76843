#!/usr/bin/env python3
"""The audit's reproductions against one `linli serve` on one store; run by scripts/audit-replay.

Each check sends what the audit sent (now signed as the current interface wants) and
asserts the fixed behaviour, printing `PASS store/NAME: …` or `FAIL store/NAME: …`. Where a
refusal is checked, a control shows that the same data would have been there to leak.
Every answer and every callback is kept, with the phone numbers each user may see, so that
the end can scan all of them for another user's number, and compare the store's inbox with
every message that was answered 200.

Python standard library only; AES (WeCom) goes through `openssl enc`.
"""

import argparse
import base64
import collections
import hashlib
import hmac
import http.server
import json
import os
import re
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CONFIG = os.path.join(HERE, "linli.yaml")

HOOK_SECRET = "audit-replay-hook-secret"        # ≥ 16 bytes, as serve now requires
WECHAT_TOKEN = "linlitoken"
WECHAT_APP_ID = "wxauditreplay01"
WECOM_TOKEN = "wecomtoken"
WECOM_CORP = "ww0000000000000001"
WECOM_AGENT = "1000002"
WECOM_AES = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut"
WECOM_KEY = base64.b64decode(WECOM_AES + "=")
PHONE = re.compile(r"1[3-9]\d{9}")
# Staff who serve 凤鸣小区, where every report of the replay is: they may read residents' phones.
SERVING_STAFF = {"webhook:staff1", "wechat:ostaffopenid0001", "webhook:admin"}


# ---------------------------------------------------------------- output

class Results:
    def __init__(self, store, strict, path):
        self.store = store
        self.strict = strict
        self.failed = 0
        self.lock = threading.Lock()
        self.file = open(path, "a", encoding="utf-8") if path else None

    def say(self, line):
        """Prints `line` and appends it to the results file the wrapper counts."""
        with self.lock:
            print(line, flush=True)
            if self.file:
                self.file.write(line + "\n")
                self.file.flush()

    def check(self, name, ok, detail):
        if not ok:
            self.failed += 1
        self.say(f"{'PASS' if ok else 'FAIL'} {self.store}/{name}: {detail}")
        return ok

    def pending(self, name, ok, detail, branch):
        """A finding whose fix is on another branch: PENDING until merged, FAIL when strict."""
        if ok or self.strict:
            return self.check(name, ok, detail)
        self.say(f"PENDING {self.store}/{name}: {detail} (pending merge of {branch})")
        return False

    def info(self, name, detail):
        self.say(f"INFO {self.store}/{name}: {detail}")


def short(text, limit=160):
    text = text if isinstance(text, str) else repr(text)
    return text if len(text) <= limit else text[:limit] + f"…({len(text)} chars)"


# ---------------------------------------------------------------- WeChat / WeCom crypto

def sha1_signature(*parts):
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def aes(data, decrypt):
    args = ["openssl", "enc", "-aes-256-cbc", "-K", WECOM_KEY.hex(), "-iv", WECOM_KEY[:16].hex(), "-nopad"]
    return subprocess.run(args + (["-d"] if decrypt else []), input=data, capture_output=True, check=True).stdout


def wecom_encrypt(plaintext, receive_id=WECOM_CORP):
    """WXBizMsgCrypt: 16 random bytes, 4-byte big-endian length, message, receive id, PKCS#7 to 32."""
    message = plaintext.encode()
    raw = os.urandom(16) + struct.pack(">I", len(message)) + message + receive_id.encode()
    pad = 32 - len(raw) % 32
    return base64.b64encode(aes(raw + bytes([pad]) * pad, decrypt=False)).decode()


def wecom_decrypt(ciphertext):
    raw = aes(base64.b64decode(ciphertext), decrypt=True)
    raw = raw[:-raw[-1]]
    length = struct.unpack(">I", raw[16:20])[0]
    return raw[20:20 + length].decode()


def xml_field(xml, name):
    match = re.search(rf"<{name}>(?:<!\[CDATA\[(.*?)\]\]>|([^<]*))</{name}>", xml, re.S)
    return None if not match else (match.group(1) if match.group(1) is not None else match.group(2))


# ---------------------------------------------------------------- fake platforms

class Receiver(http.server.ThreadingHTTPServer):
    """The webhook callback URL and a fake WeChat API on one loopback port.

    Callbacks to a user in `refusing` get 503 (M5's outage); every accepted one is recorded.
    """

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.lock = threading.Lock()
        self.deliveries = collections.defaultdict(list)   # user id -> [text]
        self.refused = collections.Counter()              # user id -> 503s answered
        self.refusing = set()
        self.bad_signatures = 0

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class ReceiverHandler(http.server.BaseHTTPRequestHandler):
    def answer(self, status, body=b"{}"):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # WeChat /cgi-bin/token
        self.answer(200, json.dumps({"access_token": "AUDIT-REPLAY-TOKEN", "expires_in": 7200}).encode())

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        server = self.server
        if self.path.startswith("/cgi-bin/"):  # WeChat customer-service send
            message = json.loads(body)
            with server.lock:
                server.deliveries["wechat:" + message["touser"]].append(message["text"]["content"])
            return self.answer(200, b'{"errcode":0,"errmsg":"ok"}')
        timestamp = self.headers.get("X-Linli-Timestamp", "")
        expected = "sha256=" + hmac.new(HOOK_SECRET.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(self.headers.get("X-Linli-Signature", ""), expected):
            with server.lock:
                server.bad_signatures += 1
            return self.answer(401)
        message = json.loads(body)
        user = "webhook:" + message["user_id"]
        with server.lock:
            if user in server.refusing:
                server.refused[user] += 1
                return self.answer(503)
            server.deliveries[user].append(message["text"])
        self.answer(200)

    def log_message(self, *args):
        pass


# ---------------------------------------------------------------- processes and the store

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `linli serve`, its output in a file."""

    def __init__(self, binary, env, config, log_path, pids_path):
        self.port = int(env["LINLI_PORT"])
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.process = subprocess.Popen([binary, "serve", "--config", config], cwd=ROOT, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        with open(pids_path, "a") as f:
            f.write(f"{self.process.pid}\n")

    def wait_ready(self, timeout=180):
        """True when /healthz answers 200; False when the process ended or time ran out."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                return False
            if http_get(self.port, "/healthz", timeout=2)[0] == 200:
                return True
            time.sleep(0.2)
        return False

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def output(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()


def http_get(port, path, timeout=10):
    """(status, headers, body text) of a GET; status 0 when the connection failed."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as answer:
            return answer.status, answer.headers, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, OSError):
        return 0, {}, ""


def http_post(port, path, body, headers, timeout=30):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, OSError) as error:
        return 0, f"connection failed: {error}"


class Database:
    """Direct reads of the store (SQLite file or PostgreSQL database), for what no command shows."""

    def __init__(self, store, url):
        self.store = store
        self.url = url

    def rows(self, sql):
        if self.store == "sqlite":
            with sqlite3.connect(f"file:{self.url[len('sqlite:'):]}?mode=ro", uri=True, timeout=10) as db:
                return [tuple(row) for row in db.execute(sql)]
        out = subprocess.run(["psql", self.url, "-At", "-F", "\x1f", "-v", "ON_ERROR_STOP=1", "-c", sql],
                             capture_output=True, text=True, check=True)
        return [tuple(line.split("\x1f")) for line in out.stdout.splitlines()]


# ---------------------------------------------------------------- the replay

class Replay:
    def __init__(self, args, results):
        self.args = args
        self.r = results
        self.store = args.store
        self.work = os.path.join(args.work, args.store)
        os.makedirs(self.work, exist_ok=True)
        self.pids = os.path.join(args.work, "pids")
        self.receiver = Receiver()
        threading.Thread(target=self.receiver.serve_forever, daemon=True).start()
        self.answers = collections.defaultdict(list)   # user id -> [answer text]
        self.answered = set()                          # inbox keys of messages answered 200
        self.may_see = collections.defaultdict(set)    # phone -> user ids allowed to see it
        self.message_counter = 0
        self.counter_lock = threading.Lock()
        self.database = None
        self.admin = args.admin_url
        self.server = None

    # ------------------------------------------------------------ set-up

    def env(self, **extra):
        env = dict(os.environ)
        for key in [k for k in env if k.startswith("LINLI_")]:
            del env[key]
        env.update({
            "LINLI_PORT": str(free_port()),
            "LINLI_DATABASE_URL": self.database.url,
            "LINLI_WEBHOOK_SECRET": HOOK_SECRET,
            "LINLI_WEBHOOK_CALLBACK_URL": self.receiver.url + "/callback",
            "LINLI_WECHAT_TOKEN": WECHAT_TOKEN,
            "LINLI_WECHAT_APP_ID": WECHAT_APP_ID,
            "LINLI_WECHAT_APP_SECRET": "audit-replay-app-secret",
            "LINLI_WECHAT_API_BASE": self.receiver.url,
            "LINLI_WECOM_TOKEN": WECOM_TOKEN,
            "LINLI_WECOM_CORP_ID": WECOM_CORP,
            "LINLI_WECOM_AGENT_ID": WECOM_AGENT,
            "LINLI_WECOM_AES_KEY": WECOM_AES,
        })
        env.update(extra)
        return env

    def create_database(self):
        if self.store == "sqlite":
            self.database = Database("sqlite", f"sqlite:{self.work}/linli.sqlite")
            return
        name = f"linli_replay_{os.getpid()}"
        subprocess.run(["psql", self.admin, "-q", "-c", f"DROP DATABASE IF EXISTS {name}"], capture_output=True)
        subprocess.run(["psql", self.admin, "-q", "-c", f"CREATE DATABASE {name}"], capture_output=True, check=True)
        # Every data-changing statement goes to the cluster's log, for M6.
        for sql in ["ALTER SYSTEM SET log_statement = 'mod'", "SELECT pg_reload_conf()"]:
            subprocess.run(["psql", self.admin, "-q", "-c", sql], capture_output=True, check=True)
        parts = urllib.parse.urlsplit(self.admin)
        self.database = Database("postgres", urllib.parse.urlunsplit(
            (parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment)))

    def drop_database(self):
        if self.store == "postgres" and self.database:
            name = self.database.url.rsplit("/", 1)[1]
            subprocess.run(["psql", self.admin, "-q", "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
                           capture_output=True)

    def start_server(self):
        env = self.env()
        self.server = Server(self.args.binary, env, CONFIG, os.path.join(self.work, "server.log"), self.pids)
        return self.server.wait_ready()

    # ------------------------------------------------------------ clients

    def note_phones(self, user, text):
        for phone in PHONE.findall(text):
            self.may_see[phone].add(user)

    def next_id(self, prefix):
        with self.counter_lock:
            self.message_counter += 1
            return f"{prefix}-{self.message_counter}"

    def hook(self, user, text, message_id=None, *, timestamp=None, legacy=False, body=None):
        """Sends a signed webhook message; returns (status, [reply texts], raw answer)."""
        if body is not None:
            sent = json.loads(body)
            user, message_id = sent["user_id"], sent["message_id"]
        message_id = message_id or self.next_id(user[:16])
        if body is None:
            body = json.dumps({"user_id": user, "message_id": message_id, "text": text}, ensure_ascii=False).encode()
            self.note_phones("webhook:" + user, text)
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        if legacy:
            headers = {"X-Linli-Signature": "sha256=" + hmac.new(HOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()}
        else:
            headers = {"X-Linli-Timestamp": stamp, "X-Linli-Signature": "sha256=" + hmac.new(
                HOOK_SECRET.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()}
        status, raw = http_post(self.server.port, "/webhook", body, {"Content-Type": "application/json", **headers})
        replies = []
        if status == 200:
            replies = [reply["text"] for reply in json.loads(raw)["replies"]]
            self.answers["webhook:" + user].extend(replies)
            self.answered.add(self.key("webhook:" + user, "webhook:" + message_id))
        return status, replies, raw

    @staticmethod
    def key(user_id, message_id):
        """The inbox key of a message (InboundMessage.dedupeKey): bound to its sender."""
        return f"{len(user_id.encode())}:{user_id}|{message_id}"

    def report(self, user, text):
        """A resident's report that names its address: opened at once; returns the request number."""
        status, replies, _ = self.hook(user, text)
        numbers = re.findall(r"#(\d+)", " ".join(replies))
        if status != 200 or not numbers:
            raise RuntimeError(f"{user}'s report was not opened: {status} {replies}")
        return int(numbers[0])

    def wechat_query(self, timestamp=None, nonce=None):
        timestamp = str(int(time.time()) if timestamp is None else timestamp)
        nonce = nonce or self.next_id("n").replace("-", "")
        return f"signature={sha1_signature(WECHAT_TOKEN, timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}"

    def wechat_text(self, query, from_user, text, msg_id, create_time=None):
        """A plain-mode push; returns (status, answer)."""
        now = int(time.time()) if create_time is None else create_time
        xml = (f"<xml><ToUserName>gh_audit</ToUserName><FromUserName>{from_user}</FromUserName>"
               f"<CreateTime>{now}</CreateTime><MsgType>text</MsgType><Content>{text}</Content>"
               f"<MsgId>{msg_id}</MsgId></xml>")
        status, answer = http_post(self.server.port, f"/wechat?{query}", xml.encode(), {"Content-Type": "text/xml"})
        if status == 200:
            self.answers["wechat:" + from_user].append(answer)
            self.answered.add(self.key("wechat:" + from_user, f"wechat:msg:{msg_id}"))
        return status, answer

    def wecom_push(self, from_user, text, msg_id):
        """An encrypted WeCom push; returns (status, query, ciphertext, answer)."""
        inner = (f"<xml><ToUserName>{WECOM_CORP}</ToUserName><FromUserName>{from_user}</FromUserName>"
                 f"<CreateTime>{int(time.time())}</CreateTime><MsgType>text</MsgType><Content>{text}</Content>"
                 f"<MsgId>{msg_id}</MsgId><AgentID>{WECOM_AGENT}</AgentID></xml>")
        self.note_phones("wecom:" + from_user, text)
        encrypted = wecom_encrypt(inner)
        timestamp, nonce = str(int(time.time())), "123"
        query = f"msg_signature={sha1_signature(WECOM_TOKEN, timestamp, nonce, encrypted)}&timestamp={timestamp}&nonce={nonce}"
        body = f"<xml><ToUserName>{WECOM_CORP}</ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt><AgentID>{WECOM_AGENT}</AgentID></xml>"
        status, answer = http_post(self.server.port, f"/wecom?{query}", body.encode(), {"Content-Type": "text/xml"})
        if status == 200:
            self.answered.add(self.key("wecom:" + from_user, f"wecom:msg:{msg_id}"))
            reply = xml_field(answer, "Encrypt")
            self.answers["wecom:" + from_user].append(wecom_decrypt(reply) if reply else answer)
        return status, query, encrypted, answer

    def healthy(self):
        return self.server.alive() and http_get(self.server.port, "/healthz")[0] == 200

    def refuses_to_start(self, name, env, config, expect, secret=None):
        """Starts `linli serve` expecting it to exit with an error naming `expect` (and never `secret`)."""
        server = Server(self.args.binary, env, config, os.path.join(self.work, f"{name}.log"), self.pids)
        deadline = time.time() + 120
        started = False
        while server.alive() and time.time() < deadline:
            if http_get(server.port, "/healthz", timeout=2)[0] == 200:
                started = True
                break
            time.sleep(0.3)
        code = server.process.poll()
        server.stop()
        said = server.output().strip()
        ok = (not started and code not in (None, 0) and re.search(expect, said, re.I) is not None
              and (secret is None or secret not in said))
        return ok, f"exit {code}, said {short(said.splitlines()[-1] if said else '', 200)!r}" + (
            " (it started and answered /healthz)" if started else "")

    # ------------------------------------------------------------ checks

    def run(self):
        self.create_database()
        try:
            self.r.check("start", self.start_server(),
                         f"linli serve on 127.0.0.1:{self.server.port}, {self.store} store, probe configuration")
            if not self.server.alive():
                print(self.server.output()[-2000:], flush=True)
                return
            background = []
            if not self.args.quick:
                background.append(self.start(self.check_l2))
                background.append(self.start(self.check_m5))
            else:
                self.r.info("L2", "skipped by --quick (waits 30 s); HealthAndMetricsTests / FlowControlTests cover the idle timeout")
                self.r.info("M5", "skipped by --quick (waits ~65 s); DeliveryServiceTests cover giving up by age")
            self.replay_conversations()
            self.check_webhook_input()
            self.check_l4()
            self.check_wechat()
            self.check_wecom()
            self.check_m6()
            self.check_start_refusals()
            self.check_l5()
            self.check_l10()
            self.unit_tests_only()
            for thread in background:
                thread.join()
            self.check_the_end()
        finally:
            if self.server:
                self.server.stop()
            self.receiver.shutdown()
            self.drop_database()

    def start(self, function):
        """Runs `function` in a thread; an exception there is a failed check, not a lost one."""
        def guarded():
            try:
                function()
            except Exception as error:
                traceback.print_exc()
                self.r.check(function.__name__, False, f"stopped by {type(error).__name__}: {short(str(error), 200)}")
        thread = threading.Thread(target=guarded, daemon=True)
        thread.start()
        return thread

    def replay_conversations(self):
        """H1, H2, M1, M2: the engine's findings, replayed through the webhook."""
        a_text = "凤鸣小区3号楼楼道里有人飞线充电，我电话13812345678"
        self.request_a = self.report("resA", a_text)
        n = self.request_a

        # H2: another user's message_id is not a retry of that user's message.
        self.hook("resD", "楼上有人吊线给电瓶车充电，我电话13711112222", "d1")
        _, summary, _ = self.hook("resD", "凤鸣小区5号楼", "d2")
        status, replies, _ = self.hook("attacker", "hi", "d2")
        control = "13711112222" in " ".join(summary)
        self.r.check("H2", status == 200 and control and "13711112222" not in " ".join(replies) and replies != summary,
                     f"attacker reusing resD's message_id d2 got {status} {short(' / '.join(replies))!r}; "
                     f"resD's own answer {'names' if control else 'does NOT name'} the phone")

        # M1: 详情 needs service; the serving grid worker still sees everything.
        _, own, _ = self.hook("staff1", f"详情 {n}")
        for who in ["vol1", "staff2"]:
            status, replies, _ = self.hook(who, f"详情 {n}")
            text = " ".join(replies)
            self.r.check(f"M1 {who}", status == 200 and "13812345678" not in text and "飞线充电，我电话" not in text
                         and "13812345678" in " ".join(own),
                         f"{who} 详情 {n} → {short(text)!r} (control: staff1 sees the phone: {'13812345678' in ' '.join(own)})")

        # M2: a follower sees the status, never the replies to the original resident.
        reply_text = "王先生您好，物业老李电话13900001111会上门"
        self.hook("staff1", f"接单 {n}")
        self.hook("staff1", f"回复 {n} {reply_text}")
        self.may_see["13900001111"] |= {"webhook:resA"}
        _, linked, _ = self.hook("resB", "凤鸣小区3号楼有人飞线充电")
        status, replies, _ = self.hook("resB", "我反映的问题处理得怎么样了")
        _, own_status, _ = self.hook("resA", "我反映的问题处理得怎么样了")
        text = " ".join(replies)
        self.r.check("M2", status == 200 and f"#{n}" in " ".join(linked) and "13900001111" not in text and "物业老李" not in text,
                     f"follower resB (linked: {short(' '.join(linked), 60)!r}) asks for status → {short(text)!r}; "
                     f"resA's own status {'shows' if '13900001111' in ' '.join(own_status) else 'does not show'} the reply")
        status, replies, _ = self.hook("staff1", f"回复 {n}@1 李女士您好，已记录您的反映，电话13900002222")
        self.may_see["13900002222"] |= {"webhook:resB"}
        self.follower_reply = f"回复 {n}@1 → {status} {short(' '.join(replies), 60)!r}"

        # M2: a neighbour dispute is personal: the same words from someone else open their own request.
        dispute = "凤鸣小区7号楼楼上邻居天天半夜吵架"
        first = self.report("resE", dispute + "，我电话13300007777")
        second = self.report("resF", dispute)
        self.r.check("M2 dispute", second != first, f"two residents report the same dispute: #{first} and #{second}")

        # H1: a huge service time is a closing note, not a crash; the platform's retry too.
        message = f"办结 {n} 用时99999999999999999999小时"
        first = self.hook("staff1", message, "h1-close")
        up = self.healthy()
        again = self.hook("staff1", message, "h1-close")
        self.r.check("H1", first[0] == 200 and up and again[0] == 200 and again[1] == first[1] and self.healthy(),
                     f"{message!r} → {first[0]} {short(' '.join(first[1]), 60)!r}, healthz after: {up}; "
                     f"same message retried → {again[0]}, same answer: {again[1] == first[1]}, still up: {self.healthy()}")
        self.request_c = self.report("resC", "凤鸣小区8号楼门口路灯坏了，我电话13600003333")
        self.hook("staff1", f"接单 {self.request_c}")
        status, replies, _ = self.hook("staff1", f"办结 {self.request_c} 用时{'9' * 400}分钟")
        self.r.check("H1 infinity", status == 200 and self.healthy(),
                     f"办结 {self.request_c} with a 400-digit number of minutes → {status} {short(' '.join(replies), 60)!r}, up: {self.healthy()}")

    def check_webhook_input(self):
        """L1, L6, L7 through the webhook."""
        status, replies, raw = self.hook("\u212aate", f"详情 {self.request_a}")
        self.r.check("L1", status == 400 and "13812345678" not in raw,
                     f"user_id KELVIN SIGN + 'ate' → {status} {short(raw, 100)!r}")
        status, _, raw = self.hook("a" * 60000, "你好")
        self.r.check("L6 user_id", status in (400, 413), f"60,000-character user_id → {status} {short(raw, 100)!r}")
        status, _, raw = self.hook("b" * 200, "你好")
        self.r.check("L6 200 bytes", status == 400, f"200-character user_id → {status} {short(raw, 100)!r}")
        status, _, raw = self.hook("resL6", "你好", "m" * 60000)
        self.r.check("L6 message_id", status == 400, f"60,000-character message_id → {status} {short(raw, 100)!r}")
        status, _, raw = self.hook("resL7", "凤鸣小区3号楼\u0000有人飞线充电")
        self.r.check("L7 webhook", status == 400 and self.healthy(), f"text with NUL → {status} {short(raw, 100)!r}")
        status, answer = self.wechat_text(self.wechat_query(), "oresL7", "凤鸣小区3号楼\x01有人飞线充电", 7001)
        self.r.check("L7 wechat", status in (200, 400) and self.healthy(),
                     f"WeChat text with a raw C0 control → {status} {short(answer, 80)!r}")

    def check_l4(self):
        body = json.dumps({"user_id": "resL4", "message_id": "l4-1", "text": "你好"}).encode()
        legacy = self.hook(None, None, body=body, legacy=True)[0]
        old = self.hook(None, None, body=body, timestamp=int(time.time()) - 400)[0]
        future = self.hook(None, None, body=body, timestamp=int(time.time()) + 400)[0]
        self.r.check("L4", (legacy, old, future) == (401, 401, 401),
                     f"body-only signature → {legacy}; signed 400 s ago → {old}; 400 s ahead → {future}")

    def check_wechat(self):
        """L3 (GET echo), M4 (plain-mode query reuse), L8 (log line length comes at the end)."""
        old = http_get(self.server.port, f"/wechat?{self.wechat_query(timestamp=1700000000, nonce='1')}&echostr=12345")
        script = "%3Cscript%3Ealert(1)%3C/script%3E"
        xss = http_get(self.server.port, f"/wechat?{self.wechat_query(nonce='2')}&echostr={script}")
        good = http_get(self.server.port, f"/wechat?{self.wechat_query(nonce='3')}&echostr=8120398127")
        nosniff = (good[1] or {}).get("X-Content-Type-Options", "")
        self.r.check("L3", old[0] != 200 and "12345" not in old[2] and xss[0] != 200 and "<script" not in xss[2]
                     and good[0] == 200 and good[2] == "8120398127" and nosniff == "nosniff",
                     f"timestamp 1700000000 → {old[0]}; <script> echostr → {xss[0]} {short(xss[2], 60)!r}; "
                     f"control: fresh digits → {good[0]} {good[2]!r}, X-Content-Type-Options {nosniff!r}")

        n = self.request_a
        query, sent = self.wechat_query(), int(time.time())
        first = self.wechat_text(query, "oresident", "你好", 4001, sent)
        reused = self.wechat_text(query, "ostaffopenid0001", f"详情 {n}", 4002, sent)
        retry = self.wechat_text(query, "oresident", "你好", 4001, sent)
        fresh = self.wechat_text(self.wechat_query(), "ostaffopenid0001", f"详情 {n}", 4003)
        self.r.check("M4 reuse", first[0] == 200 and reused[0] != 200 and "13812345678" not in reused[1]
                     and retry[0] == 200 and "13812345678" in fresh[1],
                     f"resident's signed query reused with the staff OpenID → {reused[0]} {short(reused[1], 80)!r}; "
                     f"the same body again (a platform retry) → {retry[0]}; control: a fresh query shows the staff view "
                     f"with the phone: {'13812345678' in fresh[1]}")

    def check_wecom(self):
        """M3: GET /wecom decrypts only fresh, short verification tokens; L8 with an oversized tag."""
        status, query, encrypted, answer = self.wecom_push("u1", "我家电话13811112222", 5001)
        oracle = http_get(self.server.port, f"/wecom?{query}&echostr={urllib.parse.quote(encrypted, safe='')}")
        leaked = "13811112222" in oracle[2] or "<xml" in oracle[2]
        self.r.check("M3 push", status == 200 and oracle[0] != 200 and not leaked,
                     f"push → {status}; GET /wecom replaying its signature with the ciphertext as echostr → "
                     f"{oracle[0]} {short(oracle[2], 80)!r}")
        reply = {name: xml_field(answer, name) for name in ["Encrypt", "MsgSignature", "TimeStamp", "Nonce"]}
        if all(reply.values()):
            q = (f"msg_signature={reply['MsgSignature']}&timestamp={reply['TimeStamp']}&nonce={reply['Nonce']}"
                 f"&echostr={urllib.parse.quote(reply['Encrypt'], safe='')}")
            own = http_get(self.server.port, f"/wecom?{q}")
            self.r.check("M3 reply", own[0] != 200 and "<xml" not in own[2],
                         f"linli's own encrypted reply sent back as echostr → {own[0]} {short(own[2], 80)!r}")
        else:
            self.r.check("M3 reply", False, f"the push's answer is not an encrypted envelope: {short(answer)!r}")

        def verify(echo, timestamp, nonce="777"):
            encrypted = wecom_encrypt(echo)
            signature = sha1_signature(WECOM_TOKEN, str(timestamp), nonce, encrypted)
            return http_get(self.server.port, f"/wecom?msg_signature={signature}&timestamp={timestamp}&nonce={nonce}"
                                              f"&echostr={urllib.parse.quote(encrypted, safe='')}")
        stale = verify("5927456301", int(time.time()) - 30 * 86400)
        fresh = verify("5927456301", int(time.time()))
        self.r.check("M3 window", stale[0] != 200 and "5927456301" not in stale[2] and fresh[0] == 200 and fresh[2] == "5927456301",
                     f"30-day-old verification → {stale[0]}; control: fresh one → {fresh[0]} {fresh[2]!r}")

        tag = "A" * 60000
        timestamp = int(time.time())
        status, answer = http_post(self.server.port, f"/wecom?msg_signature=00&timestamp={timestamp}&nonce=1",
                                   f"<xml><{tag}></xml>".encode(), {"Content-Type": "text/xml"})
        self.r.check("L8 answer", status == 400 and len(answer) < 1000,
                     f"<xml><A×60000></xml> to /wecom → {status}, {len(answer)}-character answer")

    def check_m6(self):
        """M6: /metrics answers, does not hold up messages, and on PostgreSQL leases nothing."""
        log = f"/tmp/linli-pg-test-{urllib.parse.urlsplit(self.admin).port}/server.log" if self.store == "postgres" else None
        mark = os.path.getsize(log) if log and os.path.exists(log) else 0
        scrapes = []
        threads = [self.start(lambda: scrapes.append(http_get(self.server.port, "/metrics"))) for _ in range(10)]
        started = time.time()
        status, replies, _ = self.hook("resM6", "你好")
        elapsed = time.time() - started
        for thread in threads:
            thread.join()
        ok = [s for s in scrapes if s[0] == 200 and "linli_" in s[2]]
        self.r.check("M6 scrape", len(ok) == 10 and status == 200 and elapsed < 2,
                     f"10 concurrent scrapes: {len(ok)} answered 200 with linli_ metrics; a message meanwhile took {elapsed * 1000:.0f} ms")
        if log:
            time.sleep(0.5)
            with open(log, encoding="utf-8", errors="replace") as f:
                f.seek(mark)
                text = f.read()
            # A claim is `UPDATE outbox SET lease_owner = …`, its bound values on the DETAIL entry
            # that follows; the delivery service claims batches of about 100, the old scrape
            # claimed up to 10,000: look for a claim with that limit.
            entries = re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", text)
            claims = [entry + "\n" + (entries[i + 1] if i + 1 < len(entries) and "DETAIL" in entries[i + 1] else "")
                      for i, entry in enumerate(entries) if "SET lease_owner" in entry]
            by_scrape = [claim for claim in claims if "= '10000'" in claim]
            logged = "statement:" in text or "execute" in text
            self.r.check("M6 no lease", logged and not by_scrape,
                         f"{len(claims)} outbox claims logged while scraping, {len(by_scrape)} with the scrape's limit "
                         f"10,000 (statement log {'on' if logged else 'EMPTY: check not meaningful'})")

    def check_start_refusals(self):
        """M4 (plain-mode WeChat staff), L9 (short webhook secret), M8 (sslmode) at start-up."""
        plain = os.path.join(self.work, "plaintext-staff.yaml")
        with open(CONFIG, encoding="utf-8") as src, open(plain, "w", encoding="utf-8") as dst:
            dst.write("".join(line for line in src if "allow_plaintext_staff" not in line and not line.startswith("wechat:")))
        ok, detail = self.refuses_to_start("refuse-plaintext-staff", self.env(), plain, "allow_plaintext_staff")
        self.r.check("M4 start", ok, f"wechat: staff, no AES key, no allow_plaintext_staff → {detail}")
        ok, detail = self.refuses_to_start("refuse-short-secret", self.env(LINLI_WEBHOOK_SECRET="a"), CONFIG, "16")
        self.r.check("L9", ok, f"LINLI_WEBHOOK_SECRET=a → {detail}")
        if self.store == "postgres":
            parts = urllib.parse.urlsplit(self.database.url)
            url = f"postgres://postgres:Sup3rSecret@{parts.hostname}:{parts.port}{parts.path}?sslmode=require"
            ok, detail = self.refuses_to_start("refuse-sslmode", self.env(LINLI_DATABASE_URL=url), CONFIG, "TLS|SSL", "Sup3rSecret")
            self.r.check("M8", ok, f"sslmode=require to a server without TLS → {detail} (the main server runs on the loopback default)")

    def check_l5(self):
        said = []
        for url in ["postgress://linli:Sup3rSecret@127.0.0.1:1/linli", "postgres://linli:Sup3rSecret@127.0.0.1:1/linli"]:
            env = self.env(LINLI_DATABASE_URL=url)
            out = subprocess.run([self.args.binary, "requests"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
            said.append((url.split(":")[0], out.returncode, (out.stdout + out.stderr).strip()))
        ok = all(code != 0 and "Sup3rSecret" not in text for _, code, text in said)
        self.r.pending("L5", ok, "; ".join(f"{scheme}:// → exit {code}, {short(text, 110)!r}" for scheme, code, text in said),
                       "the L5 fix")

    def check_l10(self):
        """L10: unsubscribe erases the user's conversation (retention is another branch's work)."""
        self.wechat_text(self.wechat_query(), "oleaving", "凤鸣小区6号楼垃圾没人清", 6001)
        now = int(time.time())
        xml = (f"<xml><ToUserName>gh_audit</ToUserName><FromUserName>oleaving</FromUserName><CreateTime>{now}</CreateTime>"
               f"<MsgType>event</MsgType><Event>unsubscribe</Event></xml>")
        status, _ = http_post(self.server.port, f"/wechat?{self.wechat_query()}", xml.encode(), {"Content-Type": "text/xml"})
        if status == 200:
            # Erasing the user removed the dedupe row of their earlier message; the
            # unsubscribe's own row is recorded after the erasure.
            self.answered.discard(self.key("wechat:oleaving", "wechat:msg:6001"))
            self.answered.add(self.key("wechat:oleaving", f"wechat:evt:oleaving|{now}|unsubscribe|"))
        left = self.database.rows("SELECT count(*) FROM conversation WHERE user_id = 'wechat:oleaving'")[0][0]
        kept = self.database.rows("SELECT count(*) FROM request WHERE resident = 'wechat:oleaving'")[0][0]
        self.r.check("L10", status == 200 and int(left) == 0 and int(kept) == 0,
                     f"unsubscribe → {status}; the user's conversations afterwards: {left}, requests still naming them: {kept}")

    def check_l2(self):
        """L2: a connection with half-sent headers is closed by the idle timeout (30 s)."""
        started = time.time()
        with socket.create_connection(("127.0.0.1", self.server.port)) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: ")
            s.settimeout(45)
            try:
                data = s.recv(1024)
                closed = data == b"" or data.startswith(b"HTTP/1.1 408") or data.startswith(b"HTTP/1.1 400")
            except socket.timeout:
                closed = False
            except ConnectionResetError:
                closed = True
        elapsed = time.time() - started
        self.r.check("L2", closed and elapsed <= 35, f"half-sent headers: connection {'closed' if closed else 'still open'} after {elapsed:.1f} s")

    def check_m5(self):
        """M5: the outbox keeps retrying past the old 8 attempts / 64 s instead of failing the reply."""
        user = "webhook:resM5"
        with self.receiver.lock:
            self.receiver.refusing.add(user)
        number = self.report("resM5", "凤鸣小区12号楼门口路灯坏了，我电话13500005555")
        self.hook("staff1", f"回复 {number} 明天上午九点来处理")
        deadline = time.time() + 120
        while time.time() < deadline:
            with self.receiver.lock:
                if self.receiver.refused[user] >= 8:
                    break
            time.sleep(0.5)
        time.sleep(2)
        rows = self.database.rows(f"SELECT state, attempts, coalesce(last_error, '') FROM outbox WHERE recipient = '{user}' ORDER BY id")
        with self.receiver.lock:
            refused = self.receiver.refused[user]
        gave_up = [row for row in rows if row[0] == "failed"]
        self.r.check("M5", refused >= 8 and rows and not gave_up and all(row[0] == "pending" for row in rows),
                     f"callback receiver down: {refused} attempts refused; outbox rows to {user}: {rows}")
        self.m5_rows = len(rows)

    def check_l8_log(self):
        """L8: the 60 KB tag was logged as a rejection, in a short line; no phone number in the log."""
        lines = self.server.output().splitlines()
        longest = max((len(line) for line in lines), default=0)
        rejected = sum("linli.http.rejected" in line for line in lines)
        self.r.check("L8 log", longest < 2000 and rejected > 0,
                     f"longest server log line {longest} characters ({len(lines)} lines, {rejected} rejections logged)")
        phones = sorted({phone for line in lines for phone in PHONE.findall(line) if phone in self.may_see})
        self.r.check("log hygiene", not phones, f"phone numbers in the server log: {phones or 'none'}")

    def unit_tests_only(self):
        self.r.info("M7", "lease renewal before send and owner-checked records: unit tests only "
                          "(PostgresLeaseTests, DeliveryLeaseTests); needs two servers and a slow platform")
        self.r.info("M9", "late and overflow replies queued in the message's transaction: unit tests only (d47d5f9)")
        self.r.info("L11", "held inserts chunked at 1,000 rows: unit tests only (LargeAndOddWritesTests); needs 10,900 followers")
        if self.store == "sqlite":
            self.r.info("M8", "PostgreSQL TLS: checked in the postgres run (sslmode=require refused without TLS); PostgresTLSTests")

    def check_the_end(self):
        """The server is up, the store holds every message answered 200, nobody saw another's phone."""
        self.r.check("alive", self.healthy(), f"server process still running after everything, healthz 200: {self.healthy()}")
        self.check_l8_log()

        # The outbox drains (but M5's refused rows), and every delivery reached its user.
        deadline = time.time() + 60
        m5 = "webhook:resM5"
        while time.time() < deadline:
            pending = self.database.rows(f"SELECT count(*) FROM outbox WHERE state <> 'delivered' AND recipient <> '{m5}'")[0][0]
            if int(pending) == 0:
                break
            time.sleep(0.5)
        rows = self.database.rows(f"SELECT recipient, state FROM outbox WHERE recipient <> '{m5}'")
        states = collections.Counter(state for _, state in rows)
        self.r.check("outbox", int(pending) == 0 and self.receiver.bad_signatures == 0,
                     f"{len(rows)} outbox rows: {dict(states)}; callbacks with a bad signature: {self.receiver.bad_signatures}")
        with self.receiver.lock:
            deliveries = {user: list(texts) for user, texts in self.receiver.deliveries.items()}
        got = " ".join(deliveries.get("webhook:resA", []))
        self.r.check("M2 callbacks", "13900001111" in got and "13900001111" not in " ".join(deliveries.get("webhook:resB", []))
                     and "13900002222" in " ".join(deliveries.get("webhook:resB", []))
                     and "13900002222" not in got,
                     f"resA got the reply meant for resA, resB only the one meant for resB "
                     f"({len(deliveries.get('webhook:resB', []))} callbacks to resB; {self.follower_reply})")

        # Nothing lost, nothing extra: the inbox holds exactly the messages answered 200.
        keys = {row[0] for row in self.database.rows("SELECT key FROM inbox")}
        missing = self.answered - keys
        extra = keys - self.answered
        self.r.check("store", not missing and not extra,
                     f"{len(self.answered)} messages answered 200, {len(keys)} inbox rows; missing {short(sorted(missing), 200)}, "
                     f"not answered 200 {short(sorted(extra), 200)}")
        env = self.env()
        out = subprocess.run([self.args.binary, "requests", "--format", "json"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
        try:
            listed = {item["number"]: item for item in json.loads(out.stdout)}
        except (ValueError, KeyError, TypeError):
            listed = {}
        a, c = listed.get(self.request_a, {}), listed.get(self.request_c, {})
        self.r.check("requests", a.get("status") == "resolved" and c.get("status") == "resolved"
                     and a.get("resident") == "webhook:resA" and c.get("resident") == "webhook:resC",
                     f"linli requests: {len(listed)} requests; #{self.request_a} {a.get('status')} of {a.get('resident')}, "
                     f"#{self.request_c} {c.get('status')} of {c.get('resident')}"
                     + (f"; exit {out.returncode} {short(out.stderr, 100)!r}" if not listed else ""))

        # No answer and no callback to anyone named a phone number that is not theirs.
        leaks = []
        for source in (self.answers, deliveries):
            for user, texts in source.items():
                if user in SERVING_STAFF:
                    continue
                for text in texts:
                    for phone in PHONE.findall(text):
                        if user not in self.may_see.get(phone, set()):
                            leaks.append(f"{user} saw {phone}")
        seen = sum(len(t) for t in self.answers.values()) + sum(len(t) for t in deliveries.values())
        self.r.check("no leaks", not leaks, f"{seen} answers and callbacks scanned, {len(self.may_see)} phone numbers; "
                                            f"{short(sorted(set(leaks)), 200) if leaks else 'none seen by another user'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--admin-url", default="")
    parser.add_argument("--results", help="a file to append the PASS/FAIL lines to")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    # A TERM from the wrapper ends the replay through its finally blocks: servers stopped, database dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results = Results(args.store, os.environ.get("AUDIT_REPLAY_STRICT") == "1", args.results)
    started = time.time()
    try:
        Replay(args, results).run()
    except Exception as error:  # a broken step is a failure, with where it broke
        traceback.print_exc()
        results.check("replay", False, f"stopped by {type(error).__name__}: {short(str(error), 200)}")
    print(f"audit-replay: {args.store} done in {time.time() - started:.0f} s", flush=True)
    sys.exit(1 if results.failed else 0)


if __name__ == "__main__":
    main()
