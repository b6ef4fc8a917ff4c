-- wrk script for bench/intake: each request files a report as the 12345 hotline does, like
-- IntakeLoad: a random category of twelve, twelve random words and a building number (seldom a
-- duplicate of another), the hotline's own case number as externalId, a caller's contact, and a
-- place anywhere in the demo subdistrict's bounding box (its 24 grids tile it).
local categories = {"public_safety", "water_outage", "power_outage", "drainage_blockage", "food_safety", "streetlight",
  "garbage", "noise", "illegal_construction", "elderly_care", "neighbor_dispute", "other"}
local words = "楼道灯不亮垃圾桶满了路面坑洼噪音扰民水管漏水车辆乱停井盖缺失树枝折断广告乱贴污水外溢电线老化"
  .. "台阶破损围墙倒塌积水严重油烟扰民宠物扰民消防通道堵塞外墙脱落窨井异味路灯闪烁绿化带损坏"
local chars = {}
for ch in words:gmatch("[%z\1-\127\194-\244][\128-\191]*") do chars[#chars + 1] = ch end
local bbox = {104.73, 31.454, 104.754, 31.466} -- minLon, minLat, maxLon, maxLat of conf/demo/grids.geojson
local thread_id = 0
local counter = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-Api-Key"] = "demo-hotline-key"
end

function request()
  counter = counter + 1
  local d = {}
  for i = 1, 12 do d[i] = chars[math.random(#chars)] end
  local body = string.format(
    '{"category":"%s","description":"%s，%d号楼","externalId":"12345-%d-%d-%d-%d",'
      .. '"contact":{"name":"市民","phone":"138%08d"},"location":{"lat":%.7f,"lon":%.7f}}',
    categories[math.random(#categories)], table.concat(d), math.random(30), os.time(), id or 0, counter,
    math.random(1000000000), math.random(10000000, 99999999),
    bbox[2] + math.random() * (bbox[4] - bbox[2]), bbox[1] + math.random() * (bbox[3] - bbox[1]))
  return wrk.format(nil, "/api/v1/tickets", nil, body)
end
