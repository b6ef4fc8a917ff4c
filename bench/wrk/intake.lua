-- One hotline report per request, at a random demo point with a random description.
local points = {{31.4644443, 104.7398932}, {31.4644389, 104.7437865}, {31.4613503, 104.7396912}}
local words = {"楼道", "灯", "不亮", "垃圾", "满了", "路面", "坑洼", "噪音", "漏水", "乱停", "井盖", "缺失"}
math.randomseed(os.time())
request = function()
  local p = points[math.random(#points)]
  local d = {}
  for i = 1, 8 do d[i] = words[math.random(#words)] end
  local body = string.format('{"category":"garbage","description":"%s %d","externalId":"wrk-%d-%d","location":{"lat":%f,"lon":%f}}',
    table.concat(d), math.random(1e9), math.random(1e9), math.random(1e9), p[1] + (math.random() - 0.5) * 0.0006, p[2] + (math.random() - 0.5) * 0.0006)
  return wrk.format("POST", "/api/v1/tickets", {["Content-Type"] = "application/json", ["X-Api-Key"] = "demo-hotline-key"}, body)
end
