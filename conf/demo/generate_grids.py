#!/usr/bin/env python3
"""Generate and verify the Grid Dispatch demo data set for 城厢街道 (Chengxiang subdistrict).

Writes, next to this script:
  grids.geojson, grid-points.json, departments.json, categories.json,
  services.json, users.json, residents.json

Grid layout
-----------
A lattice of 6 columns x 4 rows of cells covers the box
lon 104.7300-104.7540, lat 31.4540-31.4660 (cell = 0.004 deg lon x 0.003 deg lat).
Each community is a 2x2 block of cells, 3 blocks across and 2 blocks down:

    north   | sgj 三光街 | jgm 建国门 | dxm 东溪门 |
    south   | wls 文林   | bts 白塔   | yhq 玉河桥 |

Inside a block the grids are numbered 1 = north-west, 2 = north-east,
3 = south-west, 4 = south-east.

Interior lattice vertices are jittered by up to +/-0.0006 deg per axis with a
seeded RNG; vertices on the box edges only move along the edge and the four box
corners stay fixed. Every cell is built from the same shared vertex table, so
the cells tile the box exactly. The two vertices on jgm's southern edge are
pulled south so that the reference point (lat 31.4601, lon 104.7402) sits well
inside grid jgm-03.

Only the Python standard library is used. Run: python3 generate_grids.py
"""
import json
import math
import os
import random
import re
import sys

OUT = os.path.dirname(os.path.abspath(__file__))

LON0, LON1 = 104.7300, 104.7540
LAT0, LAT1 = 31.4540, 31.4660
NCOLS, NROWS = 6, 4
DLON = (LON1 - LON0) / NCOLS  # 0.004
DLAT = (LAT1 - LAT0) / NROWS  # 0.003
JITTER = 0.0006
SEED = 20240517
NDIGITS = 7

REF_POINT = (104.7402, 31.4601)  # (lon, lat)
REF_GRID_COMMUNITY = "jgm"
REF_MIN_EDGE_DIST = 0.0002

SUBDISTRICT = {"name": "城厢街道", "nameEn": "Chengxiang Subdistrict"}

# (id, name, nameEn) laid out row by row, north row first.
COMMUNITY_LAYOUT = [
    [("sgj", "三光街社区", "Sanguangjie"), ("jgm", "建国门社区", "Jianguomen"), ("dxm", "东溪门社区", "Dongximen")],
    [("wls", "文林社区", "Wenlin"), ("bts", "白塔社区", "Baita"), ("yhq", "玉河桥社区", "Yuheqiao")],
]
COMMUNITY_ORDER = ["jgm", "sgj", "dxm", "wls", "bts", "yhq"]


# ---------------------------------------------------------------- geometry

def build_vertices():
    """Vertex table v[i][j] for lattice column line i (0..6, west->east) and row line j (0..4, south->north)."""
    rng = random.Random(SEED)
    verts = {}
    for j in range(NROWS + 1):
        for i in range(NCOLS + 1):
            lon = LON0 + i * DLON
            lat = LAT0 + j * DLAT
            dx = rng.uniform(-JITTER, JITTER)
            dy = rng.uniform(-JITTER, JITTER)
            on_we = i in (0, NCOLS)
            on_sn = j in (0, NROWS)
            if on_we:
                dx = 0.0  # stays on the west/east box edge
            if on_sn:
                dy = 0.0  # stays on the south/north box edge
            verts[(i, j)] = [lon + dx, lat + dy]
    # jgm occupies columns 2-3, rows 2-3; its southern edge is row line 2.
    # Pull vertices (2,2) and (3,2) south by 0.0003-0.0006 so the reference
    # point (just north of lat 31.4600) is comfortably inside jgm-03.
    for key in ((2, 2), (3, 2)):
        verts[key][1] = LAT0 + key[1] * DLAT - (0.0003 + rng.uniform(0.0, 0.0003))
    # fixed box corners / edges are written as exact constants
    out = {}
    for (i, j), (lon, lat) in verts.items():
        if i == 0:
            lon = LON0
        if i == NCOLS:
            lon = LON1
        if j == 0:
            lat = LAT0
        if j == NROWS:
            lat = LAT1
        out[(i, j)] = (round(lon, NDIGITS), round(lat, NDIGITS))
    return out


def cell_ring(verts, i, j):
    """Counter-clockwise closed ring for the cell whose south-west lattice vertex is (i, j)."""
    ring = [verts[(i, j)], verts[(i + 1, j)], verts[(i + 1, j + 1)], verts[(i, j + 1)]]
    ring = [list(p) for p in ring]
    return ring + [list(ring[0])]


def _local(ring):
    """Shift coordinates to the box's south-west corner to avoid cancellation error in the shoelace sums."""
    return [(x - LON0, y - LAT0) for x, y in ring]


def signed_area(ring):
    pts = _local(ring)
    return math.fsum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, pts[1:])) / 2.0


def centroid(ring):
    a = signed_area(ring)
    pts = _local(ring)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(pts, pts[1:]):
        c = x1 * y2 - x2 * y1
        cx += (x1 + x2) * c
        cy += (y1 + y2) * c
    return LON0 + cx / (6 * a), LAT0 + cy / (6 * a)


def cross(o, a, b):
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def segments_intersect(p1, p2, p3, p4):
    d1, d2 = cross(p3, p4, p1), cross(p3, p4, p2)
    d3, d4 = cross(p1, p2, p3), cross(p1, p2, p4)
    if ((d1 > 0) != (d2 > 0)) and d1 != 0 and d2 != 0 and ((d3 > 0) != (d4 > 0)) and d3 != 0 and d4 != 0:
        return True

    def on_seg(p, q, r):
        return min(p[0], q[0]) <= r[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= r[1] <= max(p[1], q[1])

    return ((d1 == 0 and on_seg(p3, p4, p1)) or (d2 == 0 and on_seg(p3, p4, p2))
            or (d3 == 0 and on_seg(p1, p2, p3)) or (d4 == 0 and on_seg(p1, p2, p4)))


def is_simple(ring):
    pts = ring[:-1]
    n = len(pts)
    if len(set(map(tuple, pts))) != n:
        return False
    edges = [(pts[k], pts[(k + 1) % n]) for k in range(n)]
    for a in range(n):
        for b in range(a + 1, n):
            if b == a + 1 or (a == 0 and b == n - 1):
                # adjacent edges: must not be collinear-overlapping
                shared = edges[a][1] if b == a + 1 else edges[a][0]
                other_a = edges[a][0] if b == a + 1 else edges[a][1]
                other_b = edges[b][1] if b == a + 1 else edges[b][0]
                if cross(shared, other_a, other_b) == 0:
                    return False
                continue
            if segments_intersect(edges[a][0], edges[a][1], edges[b][0], edges[b][1]):
                return False
    return True


def is_convex_ccw(ring):
    pts = ring[:-1]
    n = len(pts)
    return all(cross(pts[k], pts[(k + 1) % n], pts[(k + 2) % n]) > 0 for k in range(n))


def clip_convex(subject, clip):
    """Sutherland-Hodgman: intersection of polygon `subject` with convex CCW polygon `clip` (open rings)."""
    output = list(subject)
    m = len(clip)
    for k in range(m):
        a, b = clip[k], clip[(k + 1) % m]
        inp, output = output, []
        if not inp:
            break
        s = inp[-1]
        for e in inp:
            e_in = cross(a, b, e) >= 0
            s_in = cross(a, b, s) >= 0
            if e_in:
                if not s_in:
                    output.append(line_intersection(s, e, a, b))
                output.append(e)
            elif s_in:
                output.append(line_intersection(s, e, a, b))
            s = e
    return output


def line_intersection(p1, p2, p3, p4):
    x1, y1 = p1
    x2, y2 = p2
    x3, y3 = p3
    x4, y4 = p4
    den = (x1 - x2) * (y3 - y4) - (y1 - y2) * (x3 - x4)
    t = ((x1 - x3) * (y3 - y4) - (y1 - y3) * (x3 - x4)) / den
    return (x1 + t * (x2 - x1), y1 + t * (y2 - y1))


def polygon_area_open(pts):
    if len(pts) < 3:
        return 0.0
    return abs(signed_area(list(pts) + [pts[0]]))


def point_in_polygon(pt, ring):
    x, y = pt
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y):
            xi = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < xi:
                inside = not inside
    return inside


def point_segment_distance(p, a, b):
    ax, ay = a
    bx, by = b
    px, py = p
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def min_edge_distance(p, ring):
    return min(point_segment_distance(p, a, b) for a, b in zip(ring, ring[1:]))


# ---------------------------------------------------------------- grids

def build_grids():
    verts = build_vertices()
    features = []
    by_community = {}
    for brow, row in enumerate(COMMUNITY_LAYOUT):
        for bcol, (cid, cname, cname_en) in enumerate(row):
            # block row 0 is north: lattice rows 2-3; block row 1: rows 0-1
            j_north = NROWS - 1 - 2 * brow
            j_south = j_north - 1
            i_west = 2 * bcol
            cells = [(i_west, j_north), (i_west + 1, j_north), (i_west, j_south), (i_west + 1, j_south)]
            feats = []
            for n, (i, j) in enumerate(cells, start=1):
                gid = "%s-%02d" % (cid, n)
                feats.append({
                    "type": "Feature",
                    "id": gid,
                    "properties": {
                        "id": gid,
                        "name": "%s第%d网格" % (cname, n),
                        "nameEn": "%s Grid %d" % (cname_en, n),
                        "community": cname,
                        "communityId": cid,
                        "communityEn": "%s Community" % cname_en,
                        "subdistrict": SUBDISTRICT["name"],
                    },
                    "geometry": {"type": "Polygon", "coordinates": [cell_ring(verts, i, j)]},
                })
            by_community[cid] = feats
    for cid in COMMUNITY_ORDER:
        features.extend(by_community[cid])
    return {
        "type": "FeatureCollection",
        "name": "chengxiang-grids",
        "properties": {
            "subdistrict": SUBDISTRICT["name"],
            "subdistrictEn": SUBDISTRICT["nameEn"],
            "bbox": [LON0, LAT0, LON1, LAT1],
            "crs": "EPSG:4326 (lon, lat)",
        },
        "features": features,
    }


def verify_grids(fc):
    errors = []
    feats = fc["features"]
    print("== grid verification ==")
    print("polygons: %d" % len(feats))
    if len(feats) != 24:
        errors.append("expected 24 polygons, got %d" % len(feats))
    ids = [f["properties"]["id"] for f in feats]
    if len(set(ids)) != len(ids):
        errors.append("duplicate grid ids")
    comm_count = {}
    for f in feats:
        comm_count[f["properties"]["communityId"]] = comm_count.get(f["properties"]["communityId"], 0) + 1
    if sorted(comm_count) != sorted(COMMUNITY_ORDER) or any(v != 4 for v in comm_count.values()):
        errors.append("community/grid counts wrong: %r" % comm_count)

    rings = {}
    for f in feats:
        gid = f["properties"]["id"]
        ring = f["geometry"]["coordinates"][0]
        rings[gid] = ring
        if ring[0] != ring[-1]:
            errors.append("%s: ring not closed" % gid)
        if signed_area(ring) <= 0:
            errors.append("%s: ring not counter-clockwise" % gid)
        if not is_simple(ring):
            errors.append("%s: ring not simple" % gid)
        if not is_convex_ccw(ring):
            errors.append("%s: ring not convex (overlap check requires convex cells)" % gid)
        for lon, lat in ring:
            if not (LON0 <= lon <= LON1 and LAT0 <= lat <= LAT1):
                errors.append("%s: vertex outside box" % gid)
            if round(lon, NDIGITS) != lon or round(lat, NDIGITS) != lat:
                errors.append("%s: coordinate not rounded to %d decimals" % (gid, NDIGITS))
    print("rings closed, CCW, simple, convex: %s" % ("ok" if not errors else "FAILED"))

    # pairwise overlaps
    max_overlap = 0.0
    gids = list(rings)
    for a in range(len(gids)):
        for b in range(a + 1, len(gids)):
            inter = clip_convex(rings[gids[a]][:-1], rings[gids[b]][:-1])
            area = polygon_area_open(inter)
            max_overlap = max(max_overlap, area)
            if area > 1e-15:
                errors.append("%s and %s overlap (area %.3e)" % (gids[a], gids[b], area))
    print("pairwise intersections: %d pairs, max intersection area %.3e deg^2" %
          (len(gids) * (len(gids) - 1) // 2, max_overlap))

    total = math.fsum(signed_area(r) for r in rings.values())
    box = (LON1 - LON0) * (LAT1 - LAT0)
    rel = abs(total - box) / box
    print("total area %.12e, box area %.12e, relative difference %.3e" % (total, box, rel))
    if rel > 1e-9:
        errors.append("total area differs from box area (rel %.3e)" % rel)

    # reference point
    lon, lat = REF_POINT
    containing = [g for g, r in rings.items() if point_in_polygon(REF_POINT, r)]
    print("reference point lat %.4f lon %.4f lies in: %s" % (lat, lon, ", ".join(containing) or "none"))
    if len(containing) != 1 or not containing[0].startswith(REF_GRID_COMMUNITY + "-"):
        errors.append("reference point not inside exactly one %s grid" % REF_GRID_COMMUNITY)
    else:
        d = min_edge_distance(REF_POINT, rings[containing[0]])
        print("distance from reference point to nearest edge of %s: %.7f deg" % (containing[0], d))
        if d <= REF_MIN_EDGE_DIST:
            errors.append("reference point within %.4f deg of an edge" % REF_MIN_EDGE_DIST)

    # interior points
    points = []
    print("grid interior points (centroids):")
    for gid, ring in rings.items():
        cx, cy = centroid(ring)
        cx, cy = round(cx, NDIGITS), round(cy, NDIGITS)
        hits = [g for g, r in rings.items() if point_in_polygon((cx, cy), r)]
        d = min_edge_distance((cx, cy), ring)
        print("  %-7s lat %.7f lon %.7f  in=%s  edge-dist=%.7f" % (gid, cy, cx, ",".join(hits), d))
        if hits != [gid]:
            errors.append("%s: centroid not strictly inside its own polygon only" % gid)
        points.append({"gridId": gid, "lat": cy, "lon": cx})
    return errors, points, containing


# ---------------------------------------------------------------- reference data

DEPARTMENTS = [
    {"id": "gas", "name": "城厢燃气公司", "nameEn": "Chengxiang Gas Company", "phone": "0816-2261001"},
    {"id": "water", "name": "自来水公司", "nameEn": "Water Supply Company", "phone": "0816-2261002"},
    {"id": "power", "name": "供电所", "nameEn": "Power Supply Station", "phone": "0816-2261003"},
    {"id": "urban", "name": "城管执法中队", "nameEn": "Urban Management Enforcement Squad", "phone": "0816-2261004"},
    {"id": "housing", "name": "住建房管所", "nameEn": "Housing and Construction Office", "phone": "0816-2261005"},
    {"id": "civil", "name": "民政办", "nameEn": "Civil Affairs Office", "phone": "0816-2261006"},
    {"id": "police", "name": "城厢派出所", "nameEn": "Chengxiang Police Station", "phone": "0816-2261007"},
    {"id": "market", "name": "市场监管所", "nameEn": "Market Regulation Office", "phone": "0816-2261008"},
    {"id": "env", "name": "环保所", "nameEn": "Environmental Protection Office", "phone": "0816-2261009"},
    {"id": "property", "name": "物业服务中心", "nameEn": "Property Service Center", "phone": "0816-2261010"},
]

PRIORITY_REPORT_IN = {"urgent": 30, "high": 120, "normal": 1440, "low": 1440}


def cat(code, name, name_en, group, dept, priority, respond, resolve, clock):
    return {
        "code": code,
        "name": name,
        "nameEn": name_en,
        "group": group,
        "defaultDeptId": dept,
        "priority": priority,
        "sla": {
            "respondMinutes": respond,
            "reportInMinutes": PRIORITY_REPORT_IN[priority],
            "resolveMinutes": resolve,
            "ratingWindowHours": 72,
            "clock": clock,
        },
    }


CATEGORIES = [
    # urgent utilities and safety: calendar clock
    cat("gas_leak", "燃气泄漏", "Gas leak", "utilities", "gas", "urgent", 15, 240, "calendar"),
    cat("public_safety", "公共安全隐患", "Public safety hazard", "safety", "police", "urgent", 15, 120, "calendar"),
    cat("water_outage", "停水", "Water outage", "utilities", "water", "high", 30, 1440, "calendar"),
    cat("water_leak", "供水管道漏水", "Water main leak", "utilities", "water", "high", 30, 1440, "calendar"),
    cat("power_outage", "停电", "Power outage", "utilities", "power", "high", 30, 1440, "calendar"),
    cat("drainage_blockage", "下水道堵塞", "Drainage blockage", "utilities", "water", "high", 60, 2880, "calendar"),
    # public complaints with a shorter working-time limit
    cat("food_safety", "食品安全", "Food safety", "market", "market", "high", 60, 4320, "working"),
    # ordinary requests: respond 2h, resolve 7 days, working clock
    cat("road_damage", "道路破损", "Road damage", "city_management", "urban", "normal", 120, 10080, "working"),
    cat("streetlight", "路灯故障", "Streetlight fault", "city_management", "urban", "normal", 120, 10080, "working"),
    cat("garbage", "垃圾清运", "Garbage collection", "city_management", "urban", "normal", 120, 10080, "working"),
    cat("illegal_parking", "违章停车", "Illegal parking", "city_management", "police", "normal", 120, 10080, "working"),
    cat("noise", "噪声扰民", "Noise nuisance", "environment", "env", "normal", 120, 10080, "working"),
    cat("illegal_construction", "违法建设", "Illegal construction", "city_management", "urban", "normal", 120, 10080, "working"),
    cat("elderly_care", "养老服务求助", "Elderly care assistance", "social_services", "civil", "normal", 120, 10080, "working"),
    cat("neighbor_dispute", "邻里纠纷", "Neighbour dispute", "social_services", "civil", "normal", 120, 10080, "working"),
    cat("other", "其他", "Other", "other", "property", "low", 240, 10080, "working"),
]

SERVICES = [
    {
        "code": "childcare_subsidy",
        "name": "育儿补贴申领",
        "nameEn": "Childcare subsidy application",
        "deptId": "civil",
        "modes": ["online_consult", "proxy"],
        "materials": ["申请人身份证", "户口簿", "子女出生医学证明", "本人银行卡（社保卡）"],
        "eligibility": "本辖区户籍或持有本地居住证的家庭，子女未满3周岁，符合国家生育政策。",
        "timeLimitDays": 20,
    },
    {
        "code": "public_rental_housing",
        "name": "公租房申请",
        "nameEn": "Public rental housing application",
        "deptId": "housing",
        "modes": ["online_consult", "proxy"],
        "materials": ["申请人及共同申请人身份证", "户口簿", "婚姻状况证明", "家庭收入证明", "住房情况声明"],
        "eligibility": "在本市无自有住房或人均住房面积低于规定标准，家庭收入符合本市公租房准入条件。",
        "timeLimitDays": 30,
    },
    {
        "code": "elderly_allowance",
        "name": "高龄津贴",
        "nameEn": "Senior citizen allowance",
        "deptId": "civil",
        "modes": ["online_consult", "proxy", "home_visit"],
        "materials": ["老人身份证", "户口簿", "本人银行卡（社保卡）", "委托代办的需提供代办人身份证"],
        "eligibility": "本辖区户籍、年满80周岁的老年人。",
        "timeLimitDays": 15,
    },
    {
        "code": "disability_certificate",
        "name": "残疾证办理",
        "nameEn": "Disability certificate application",
        "deptId": "civil",
        "modes": ["online_consult", "proxy", "home_visit"],
        "materials": ["申请人身份证", "户口簿", "近期免冠一寸照片2张", "二级以上医院诊断证明或病历资料"],
        "eligibility": "本辖区户籍，视力、听力、言语、肢体、智力、精神等存在长期功能障碍的居民。",
        "timeLimitDays": 30,
    },
    {
        "code": "minimum_living",
        "name": "最低生活保障",
        "nameEn": "Minimum living allowance",
        "deptId": "civil",
        "modes": ["online_consult", "proxy", "home_visit"],
        "materials": ["申请人及家庭成员身份证", "户口簿", "家庭收入及财产情况说明", "家庭经济状况核对授权书"],
        "eligibility": "本辖区户籍，家庭月人均收入低于当地最低生活保障标准且家庭财产符合规定。",
        "timeLimitDays": 30,
    },
    {
        "code": "residence_certificate",
        "name": "居住证明开具",
        "nameEn": "Proof of residence",
        "deptId": "police",
        "modes": ["online_consult", "proxy"],
        "materials": ["申请人身份证", "房屋产权证明或租赁合同", "社区出具的实际居住情况说明"],
        "eligibility": "在本辖区实际居住的居民。",
        "timeLimitDays": 3,
    },
]

WORKER_NAMES = [
    "李明华", "王秀英", "张建国", "刘芳", "陈志强", "杨丽娟", "赵永刚", "黄晓燕",
    "周德胜", "吴桂兰", "徐海涛", "孙玉梅", "胡文军", "朱淑珍", "高俊杰", "林雪梅",
    "何建平", "郭晓红", "马国庆", "罗春燕", "梁志刚", "宋佳慧", "郑文斌", "谢玉兰",
]
EXTRA_WORKER_NAMES = {"worker-jgm-01b": "唐敏", "worker-float": "韩磊"}
DEPT_STAFF_NAMES = {
    "gas": "冯建军", "water": "邓丽", "power": "曹勇", "urban": "彭涛", "housing": "曾琳",
    "civil": "萧红梅", "police": "田军", "market": "董晓静", "env": "袁斌", "property": "潘颖",
}

RESIDENTS = [
    {"phone": "13800000001", "name": "范雪"},
    {"phone": "13800000002", "name": "蒋志远"},
    {"phone": "13800000003", "name": "沈慧敏"},
]


def build_users(grid_ids):
    users = []
    n = 0
    for gid, name in zip(grid_ids, WORKER_NAMES):
        n += 1
        users.append({"username": "worker-" + gid, "name": name, "role": "grid_worker",
                      "phone": "139000000%02d" % n, "gridIds": [gid], "deptId": None})
    extra = [("worker-jgm-01b", ["jgm-01"]), ("worker-float", ["sgj-01", "sgj-02"])]
    for username, gids in extra:
        n += 1
        users.append({"username": username, "name": EXTRA_WORKER_NAMES[username], "role": "grid_worker",
                      "phone": "139000000%02d" % n, "gridIds": gids, "deptId": None})
    for k, d in enumerate(DEPARTMENTS, start=1):
        users.append({"username": "dept-" + d["id"], "name": DEPT_STAFF_NAMES[d["id"]], "role": "dept_staff",
                      "phone": "137000000%02d" % k, "gridIds": [], "deptId": d["id"]})
    users.append({"username": "dispatcher", "name": "许静", "role": "dispatcher",
                  "phone": "13600000001", "gridIds": [], "deptId": None})
    users.append({"username": "dispatcher2", "name": "邱凯", "role": "dispatcher",
                  "phone": "13600000002", "gridIds": [], "deptId": None})
    users.append({"username": "supervisor", "name": "姜文", "role": "supervisor",
                  "phone": "13600000003", "gridIds": [], "deptId": None})
    users.append({"username": "hotline", "name": "12345热线", "role": "integration",
                  "phone": "13600000004", "gridIds": [], "deptId": None})
    return users


def verify_refs(grid_ids, users):
    errors = []
    dept_ids = {d["id"] for d in DEPARTMENTS}
    gids = set(grid_ids)
    for c in CATEGORIES:
        if c["defaultDeptId"] not in dept_ids:
            errors.append("category %s: unknown dept %s" % (c["code"], c["defaultDeptId"]))
        if c["priority"] not in ("urgent", "high", "normal", "low"):
            errors.append("category %s: bad priority" % c["code"])
        if c["sla"]["clock"] not in ("calendar", "working"):
            errors.append("category %s: bad clock" % c["code"])
    for s in SERVICES:
        if s["deptId"] not in dept_ids:
            errors.append("service %s: unknown dept %s" % (s["code"], s["deptId"]))
        if not set(s["modes"]) <= {"online_consult", "proxy", "home_visit"}:
            errors.append("service %s: bad modes" % s["code"])
    roles = {"grid_worker", "dept_staff", "dispatcher", "supervisor", "integration"}
    for u in users:
        if u["role"] not in roles:
            errors.append("user %s: bad role" % u["username"])
        if u["deptId"] is not None and u["deptId"] not in dept_ids:
            errors.append("user %s: unknown dept %s" % (u["username"], u["deptId"]))
        for g in u["gridIds"]:
            if g not in gids:
                errors.append("user %s: unknown grid %s" % (u["username"], g))
    for key in ("username", "phone"):
        vals = [u[key] for u in users]
        if len(vals) != len(set(vals)):
            errors.append("duplicate user %s" % key)
    covered = {g for u in users if u["role"] == "grid_worker" for g in u["gridIds"]}
    if covered != gids:
        errors.append("grids without a worker: %s" % sorted(gids - covered))
    print("== reference checks ==")
    print("departments %d, categories %d, services %d, users %d, residents %d" %
          (len(DEPARTMENTS), len(CATEGORIES), len(SERVICES), len(users), len(RESIDENTS)))
    print("deptId / gridId references: %s" % ("ok" if not errors else "FAILED"))
    return errors


# ---------------------------------------------------------------- output

_PAIR = re.compile(r"\[\s*(-?\d+(?:\.\d+)?),\s*(-?\d+(?:\.\d+)?)\s*\]")


def dump(name, data, compact_pairs=False):
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if compact_pairs:
        text = _PAIR.sub(lambda m: "[%s, %s]" % (m.group(1), m.group(2)), text)
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    with open(path, encoding="utf-8") as fh:
        if json.load(fh) != json.loads(json.dumps(data)):
            raise SystemExit("round-trip mismatch in " + name)


def main():
    fc = build_grids()
    errors, points, containing = verify_grids(fc)
    grid_ids = [f["properties"]["id"] for f in fc["features"]]
    users = build_users(grid_ids)
    errors += verify_refs(grid_ids, users)
    if errors:
        print("ERRORS:")
        for e in errors:
            print("  " + e)
        sys.exit(1)
    dump("grids.geojson", fc, compact_pairs=True)
    dump("grid-points.json", points)
    dump("departments.json", DEPARTMENTS)
    dump("categories.json", CATEGORIES)
    dump("services.json", SERVICES)
    dump("users.json", users)
    dump("residents.json", RESIDENTS)
    print("all checks passed; reference point grid: %s" % containing[0])


if __name__ == "__main__":
    main()
