-- wrk script: plain-mode WeChat text messages from many users to /wechat.
-- Each request is a new message (unique MsgId) from one of 100,000 users, so the per-user
-- rate limit is not what is measured. Each request carries its own signed query (a fresh
-- nonce, the current time): linli accepts a plain-mode query with one body only.
--
--   wrk -s scripts/wechat-load.lua http://HOST:PORT/wechat -- PROCESS TOKEN
--
-- PROCESS numbers this wrk process, so that several of them (one per server) never send the
-- same MsgId or nonce; TOKEN is the server's wechat.token.
local bit = require("bit")
local band, bor, bxor, bnot, rol, lshift, rshift, tobit = bit.band, bit.bor, bit.bxor, bit.bnot, bit.rol, bit.lshift, bit.rshift, bit.tobit

-- SHA-1 as 40 lowercase hex digits (the platform's signature hash; wrk's LuaJIT has none built in).
local function sha1(message)
  local h0, h1, h2, h3, h4 = tobit(0x67452301), tobit(0xEFCDAB89), tobit(0x98BADCFE), tobit(0x10325476), tobit(0xC3D2E1F0)
  local bits = #message * 8
  message = message .. "\128" .. string.rep("\0", (55 - #message) % 64)
    .. string.char(0, 0, 0, 0, band(rshift(bits, 24), 255), band(rshift(bits, 16), 255), band(rshift(bits, 8), 255), band(bits, 255))
  local w = {}
  for chunk = 1, #message, 64 do
    for i = 0, 15 do
      local b1, b2, b3, b4 = message:byte(chunk + i * 4, chunk + i * 4 + 3)
      w[i] = bor(lshift(b1, 24), lshift(b2, 16), lshift(b3, 8), b4)
    end
    for i = 16, 79 do
      w[i] = rol(bxor(w[i - 3], w[i - 8], w[i - 14], w[i - 16]), 1)
    end
    local a, b, c, d, e = h0, h1, h2, h3, h4
    for i = 0, 79 do
      local f, k
      if i < 20 then f, k = bor(band(b, c), band(bnot(b), d)), 0x5A827999
      elseif i < 40 then f, k = bxor(b, c, d), 0x6ED9EBA1
      elseif i < 60 then f, k = bor(band(b, c), band(b, d), band(c, d)), 0x8F1BBCDC
      else f, k = bxor(b, c, d), 0xCA62C1D6 end
      local t = tobit(rol(a, 5) + f + e + k + w[i])
      e, d, c, b, a = d, c, rol(b, 30), a, t
    end
    h0, h1, h2, h3, h4 = tobit(h0 + a), tobit(h1 + b), tobit(h2 + c), tobit(h3 + d), tobit(h4 + e)
  end
  return bit.tohex(h0) .. bit.tohex(h1) .. bit.tohex(h2) .. bit.tohex(h3) .. bit.tohex(h4)
end

-- The 3-part signature: SHA-1 of token, timestamp and nonce sorted byte-wise and joined.
local function signature(token, timestamp, nonce)
  local parts = { token, timestamp, nonce }
  table.sort(parts, function(x, y)
    for i = 1, math.min(#x, #y) do
      local p, q = x:byte(i), y:byte(i)
      if p ~= q then return p < q end
    end
    return #x < #y
  end)
  return sha1(table.concat(parts))
end

counter = 0
thread_id = 0
local threads = {}
local texts = {
  "凤鸣小区%d号楼的楼道灯坏了好几天了",
  "我想问问高龄补贴咋申请",
  "你好",
  "楼上有人从窗户吊线给电动车充电 雍城小区%d号楼",
  "我报的事进度咋样了",
}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  process = tonumber(args[1] or "0")
  token = args[2] or "loadtesttoken"
  base = wrk.path:match("^[^?]*")
end

request = function()
  counter = counter + 1
  local n = process * 1000000000 + thread_id * 100000000 + counter
  local user = string.format("load-user-%d-%d", process, (n * 7919) % 100000)
  local text = string.format(texts[(counter % #texts) + 1], counter % 30 + 1)
  local body = string.format(
    "<xml><ToUserName><![CDATA[gh_linli]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>" ..
    "<CreateTime>1790000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content>" ..
    "<MsgId>%d</MsgId></xml>", user, text, n)
  local timestamp, nonce = tostring(os.time()), string.format("%d", n)
  local path = string.format("%s?signature=%s&timestamp=%s&nonce=%s", base, signature(token, timestamp, nonce), timestamp, nonce)
  return wrk.format("POST", path, {["Content-Type"] = "text/xml"}, body)
end

ok = 0
response = function(status, headers, body)
  if status == 200 then ok = ok + 1 end
end

done = function(summary, latency, requests)
  local total_ok = 0
  for _, thread in ipairs(threads) do total_ok = total_ok + thread:get("ok") end
  io.write(string.format("answered 200: %d\n", total_ok))
  io.write(string.format("requests %d, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms\n", summary.requests,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000))
end
