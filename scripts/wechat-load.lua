-- wrk script: plain-mode WeChat text messages from many users to /wechat.
-- Each request is a new message (unique MsgId) from one of 100,000 users, so the per-user
-- rate limit is not what is measured. The query string (signature, timestamp, nonce) is
-- set by scripts/load-test from the token.
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

-- The first script argument numbers this wrk process, so that several of them (one per
-- server) never send the same MsgId.
function init(args)
  counter = 0
  process = tonumber(args[1] or "0")
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
  return wrk.format("POST", wrk.path, {["Content-Type"] = "text/xml"}, body)
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
