<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>GridPlanner</name>
    <message>
        <location filename="../algorithms/audit.py" line="31"/>
        <source>move buildings</source>
        <translation>移动楼栋</translation>
    </message>
    <message>
        <location filename="../algorithms/audit.py" line="32"/>
        <source>split grid</source>
        <translation>拆分网格</translation>
    </message>
    <message>
        <location filename="../algorithms/audit.py" line="33"/>
        <source>merge grids</source>
        <translation>合并网格</translation>
    </message>
    <message>
        <location filename="../algorithms/audit.py" line="34"/>
        <source>lock grid</source>
        <translation>锁定网格</translation>
    </message>
    <message>
        <location filename="../algorithms/audit.py" line="35"/>
        <source>unlock grid</source>
        <translation>解锁网格</translation>
    </message>
    <message>
        <location filename="../algorithms/audit.py" line="36"/>
        <source>repair community</source>
        <translation>修复社区</translation>
    </message>
    <message>
        <location filename="../algorithms/audit.py" line="37"/>
        <source>undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../algorithms/audit.py" line="38"/>
        <source>redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../algorithms/audit.py" line="39"/>
        <source>override a lock</source>
        <translation>越过锁定</translation>
    </message>
    <message>
        <location filename="../algorithms/audit.py" line="40"/>
        <source>use scenario</source>
        <translation>采用方案</translation>
    </message>
    <message>
        <location filename="../algorithms/citywide.py" line="220"/>
        <source>the layer changed while it was read; plan it again</source>
        <translation>读取期间图层发生了变化；请重新规划</translation>
    </message>
    <message>
        <location filename="../algorithms/citywide.py" line="234"/>
        <source>no building has a usable geometry</source>
        <translation>没有任何楼栋有可用的几何</translation>
    </message>
    <message>
        <location filename="../algorithms/citywide.py" line="346"/>
        <source>{spec} has no geometry column; give a layer with points, lines or polygons</source>
        <translation>{spec} 没有几何字段；请给出点、线或面图层</translation>
    </message>
    <message>
        <location filename="../algorithms/citywide.py" line="349"/>
        <source>the layer is empty; it needs at least one building</source>
        <translation>该图层为空；至少需要一栋楼</translation>
    </message>
    <message>
        <location filename="../algorithms/cluster.py" line="70"/>
        <source>planning on a Dask cluster needs Dask in this Python: install it with pip install "dask[distributed]" (or plan with 1 worker and no scheduler)</source>
        <translation>在 Dask 集群上规划需要本 Python 中安装 Dask：请用 pip install "dask[distributed]" 安装（或以 1 个工作单元、不指定调度器的方式规划）</translation>
    </message>
    <message>
        <location filename="../algorithms/cluster.py" line="77"/>
        <source>cannot reach the Dask scheduler at {address}: {error}</source>
        <translation>无法连接 {address} 处的 Dask 调度器：{error}</translation>
    </message>
    <message>
        <location filename="../algorithms/editing.py" line="363"/>
        <source>Grid {codes} is locked: unlock it first, or confirm the override (it is recorded in the audit log).</source>
        <translation>网格 {codes} 已锁定：请先解锁，或确认越过锁定（将记入审计日志）。</translation>
    </message>
    <message>
        <location filename="../algorithms/editing.py" line="396"/>
        <source>Compound {compound} is now split between grids {codes}.</source>
        <translation>小区 {compound} 现被拆分到网格 {codes}。</translation>
    </message>
    <message>
        <location filename="../algorithms/editing.py" line="405"/>
        <source>Grid {code} is not contiguous: it has {parts} separate parts.</source>
        <translation>网格 {code} 不连续：由 {parts} 个互不相连的部分组成。</translation>
    </message>
    <message>
        <location filename="../algorithms/editing.py" line="407"/>
        <source>Grid {code} crosses a hard barrier: its buildings lie on both sides of {n} barrier(s).</source>
        <translation>网格 {code} 跨越硬性边界：其楼栋分布在 {n} 条边界的两侧。</translation>
    </message>
    <message>
        <location filename="../algorithms/editing.py" line="410"/>
        <source>Grid {code} has {households} households, below the minimum {minimum}.</source>
        <translation>网格 {code} 有 {households} 户，低于下限 {minimum}。</translation>
    </message>
    <message>
        <location filename="../algorithms/editing.py" line="413"/>
        <source>Grid {code} has {households} households, above the maximum {maximum}.</source>
        <translation>网格 {code} 有 {households} 户，高于上限 {maximum}。</translation>
    </message>
    <message>
        <location filename="../algorithms/editing.py" line="695"/>
        <source>Every grid of community {code} is whole and in the band (or locked): there is nothing to repair.</source>
        <translation>社区 {code} 的每个网格都完整且在户数区间内（或已锁定）：无需修复。</translation>
    </message>
    <message>
        <location filename="../algorithms/editing.py" line="699"/>
        <source>Community {code} has no buildings in this plan.</source>
        <translation>本方案中社区 {code} 没有建筑。</translation>
    </message>
    <message>
        <location filename="../algorithms/errors.py" line="21"/>
        <source>file '{file}'</source>
        <translation>文件“{file}”</translation>
    </message>
    <message>
        <location filename="../algorithms/errors.py" line="23"/>
        <source>layer '{layer}'</source>
        <translation>图层“{layer}”</translation>
    </message>
    <message>
        <location filename="../algorithms/errors.py" line="25"/>
        <source>field '{field}'</source>
        <translation>字段“{field}”</translation>
    </message>
    <message>
        <location filename="../algorithms/errors.py" line="27"/>
        <source>feature {id}</source>
        <translation>要素 {id}</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="156"/>
        <source>invalid geometry ({reason}) repaired</source>
        <translation>无效几何（{reason}）已修复</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="163"/>
        <source>no polygon geometry; the grid is not evaluated</source>
        <translation>没有面几何；该网格不参与评估</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="168"/>
        <source>grid id {id} is used by {n} grids</source>
        <translation>网格编号 {id} 被 {n} 个网格使用</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="196"/>
        <source>in no grid ({households} households)</source>
        <translation>不在任何网格内（{households} 户）</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="228"/>
        <source>compound {compound} ({households} households) lies in {grids} grids; {needed} would do</source>
        <translation>小区 {compound}（{households} 户）分布在 {grids} 个网格中；{needed} 个即可</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="260"/>
        <source>{area:,.0f} m² of community {code} lie in no grid</source>
        <translation>社区 {code} 有 {area:,.0f} m² 不在任何网格内</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="277"/>
        <source>the grid has {parts} separate parts</source>
        <translation>该网格由 {parts} 个互不相连的部分组成</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="279"/>
        <source>community {code}</source>
        <translation>社区 {code}</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="279"/>
        <source>every community</source>
        <translation>所有社区</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="280"/>
        <source>{area:,.0f} m² lie outside {where}</source>
        <translation>有 {area:,.0f} m² 位于{where}之外</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="282"/>
        <source>{area:,.0f} m² overlap other grids</source>
        <translation>与其他网格重叠 {area:,.0f} m²</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="284"/>
        <source>its buildings lie on both sides of {n} hard barrier(s)</source>
        <translation>其楼栋分布在 {n} 条硬性边界的两侧</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="286"/>
        <source>{n} compound(s) split more than needed</source>
        <translation>{n} 个小区被多余地拆分</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="290"/>
        <source>{households} households (&lt; min {minimum})</source>
        <translation>{households} 户（&lt; 下限 {minimum}）</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="292"/>
        <source>{households} households (&gt; max {maximum})</source>
        <translation>{households} 户（&gt; 上限 {maximum}）</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="351"/>
        <source>Grid plan evaluation</source>
        <translation>网格方案评估</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="369"/>
        <source>{created}, CRS {crs}, band {minimum}–{maximum} households, grid id field {field}.</source>
        <translation>{created}，坐标系 {crs}，户数区间 {minimum}–{maximum} 户，网格编号字段 {field}。</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="371"/>
        <source>feature id</source>
        <translation>要素编号</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="373"/>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="374"/>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="374"/>
        <source>map of the evaluated grids</source>
        <translation>被评估网格的地图</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="376"/>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../algorithms/evaluate.py" line="377"/>
        <source>Problems ({n})</source>
        <translation>问题（{n}）</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="66"/>
        <source>the plan is not fit to publish ({n} issue(s)); fix it or {remedy}:</source>
        <translation>方案不宜发布（{n} 个问题）；请修正，或{remedy}：</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="70"/>
        <source>… and {n} more</source>
        <translation>……另有 {n} 个</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="92"/>
        <source>{n} grids exported to {target} ({format}, profile {profile}, coordinates {crs})</source>
        <translation>已导出 {n} 个网格到 {target}（{format}，字段方案 {profile}，坐标系 {crs}）</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="95"/>
        <source>codes: {kept} kept from the previous plan, {new} new</source>
        <translation>编码：{kept} 个沿用上一版方案，{new} 个为新编码</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="100"/>
        <source>exported despite {n} issue(s)</source>
        <translation>存在 {n} 个问题，仍已导出</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="101"/>
        <source>{n} issue(s)</source>
        <translation>{n} 个问题</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="114"/>
        <source>cannot tell the format of {target!r} from its suffix; pass --format ({formats})</source>
        <translation>无法从后缀判断 {target!r} 的格式；请用 --format 指定（{formats}）</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="144"/>
        <source>--crs gk needs grids to choose the zone from</source>
        <translation>--crs gk 需要网格来选择投影带</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="152"/>
        <source>unknown coordinate system {crs!r}: {error}; use keep, 4490, gk, gcj02, bd09, EPSG:xxxx or a PROJ string</source>
        <translation>未知坐标系 {crs!r}：{error}；请使用 keep、4490、gk、gcj02、bd09、EPSG:xxxx 或 PROJ 字符串</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="155"/>
        <source>{format} coordinates are WGS 84 longitude/latitude (RFC 7946 / OGC KML); --crs {crs} is not possible; use wgs84 (default), gcj02 or bd09</source>
        <translation>{format} 的坐标是 WGS 84 经纬度（RFC 7946 / OGC KML），不能使用 --crs {crs}；请使用 wgs84（默认）、gcj02 或 bd09</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="186"/>
        <source>{what} must be a date YYYYMMDD (or YYYY-MM-DD), got {text!r}</source>
        <translation>{what}必须是 YYYYMMDD（或 YYYY-MM-DD）格式的日期，实际为 {text!r}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="212"/>
        <source>the grids layer lacks the column(s) {columns}</source>
        <translation>网格图层缺少字段 {columns}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="215"/>
        <source>the grids layer has no CRS</source>
        <translation>网格图层没有坐标参考系</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="222"/>
        <source>file not found: {path}</source>
        <translation>找不到文件：{path}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="230"/>
        <source>{path} has no 'grids' layer; export takes a plan written by 'gridplanner plan' (layers found: {layers})</source>
        <translation>{path} 中没有“grids”图层；导出需要由“gridplanner plan”生成的方案（找到的图层：{layers}）</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="299"/>
        <source>unknown format {format!r}; choose one of {formats}</source>
        <translation>未知格式 {format!r}；请从 {formats} 中选择</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="305"/>
        <source>the start date</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="306"/>
        <source>the end date</source>
        <translation>终止日期</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="308"/>
        <source>name the PostGIS table to write (--table NAME or SCHEMA.NAME)</source>
        <translation>请指定要写入的 PostGIS 表（--table 表名 或 模式名.表名）</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="321"/>
        <source>file not found: {path}; give the previous plan's GeoPackage (or omit --previous)</source>
        <translation>找不到文件：{path}；请给出上一版方案的 GeoPackage（或去掉 --previous）</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="342"/>
        <source>no field {field!r}</source>
        <translation>没有字段 {field!r}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="369"/>
        <source>the previous grids have no grid_code (or profile code) field</source>
        <translation>上一版网格没有 grid_code 字段（或字段方案中的编码字段）</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="427"/>
        <source>PostGIS needs an EPSG code for the table's SRID; {crs} has none</source>
        <translation>PostGIS 表的 SRID 需要 EPSG 代码，而 {crs} 没有</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="449"/>
        <source>the {format} target should end in {suffixes}, got {name}</source>
        <translation>{format} 输出文件名应以 {suffixes} 结尾，实际为 {name}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="450"/>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <location filename="../algorithms/export/__init__.py" line="471"/>
        <source>audit log: {n} entries by {users}, {first} to {last}, {overrides} lock override(s)</source>
        <translation>审计日志：{n} 条记录，操作人 {users}，时间 {first} 至 {last}，越过锁定 {overrides} 次</translation>
    </message>
    <message>
        <location filename="../algorithms/export/chinacrs.py" line="136"/>
        <source>longitude {lon:.3f}° lies outside the CGCS2000 3-degree zones (central meridians 75°E–135°E); choose another CRS</source>
        <translation>经度 {lon:.3f}° 超出 CGCS2000 3 度带范围（中央经线 75°E–135°E）；请另选坐标参考系</translation>
    </message>
    <message>
        <location filename="../algorithms/export/codes.py" line="44"/>
        <source>code layout: {part} digits must be between 1 and 12, got {value!r}</source>
        <translation>编码结构：{part} 的位数必须在 1 到 12 之间，实际为 {value!r}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/codes.py" line="47"/>
        <source>code layout: the dedicated range start {start} does not fit a {n}-digit sequence</source>
        <translation>编码结构：专属网格编号起点 {start} 超出 {n} 位顺序号的范围</translation>
    </message>
    <message>
        <location filename="../algorithms/export/codes.py" line="73"/>
        <source>code layout must look like 6+3+3+3 (county+street+community+sequence), got {text!r}</source>
        <translation>编码结构应形如 6+3+3+3（区县+街道+社区+顺序号），实际为 {text!r}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/codes.py" line="102"/>
        <source>code {code} is used by {n} grids; codes must be unique</source>
        <translation>编码 {code} 被 {n} 个网格使用；编码必须唯一</translation>
    </message>
    <message>
        <location filename="../algorithms/export/codes.py" line="107"/>
        <source>a grid of community {community} has no code</source>
        <translation>社区 {community} 有一个网格没有编码</translation>
    </message>
    <message>
        <location filename="../algorithms/export/codes.py" line="110"/>
        <source>code {code} contains characters other than digits</source>
        <translation>编码 {code} 含有数字以外的字符</translation>
    </message>
    <message>
        <location filename="../algorithms/export/codes.py" line="113"/>
        <source>code {code} has {n} digits; the layout {layout} needs {length}</source>
        <translation>编码 {code} 有 {n} 位；编码结构 {layout} 需要 {length} 位</translation>
    </message>
    <message>
        <location filename="../algorithms/export/codes.py" line="121"/>
        <source>community code {community!r} is not {n} digits</source>
        <translation>社区代码 {community!r} 不是 {n} 位</translation>
    </message>
    <message>
        <location filename="../algorithms/export/codes.py" line="125"/>
        <source>code {code} does not start with its community code {community}</source>
        <translation>编码 {code} 没有以所属社区代码 {community} 开头</translation>
    </message>
    <message>
        <location filename="../algorithms/export/codes.py" line="130"/>
        <source>code {code} has sequence 0</source>
        <translation>编码 {code} 的顺序号为 0</translation>
    </message>
    <message>
        <location filename="../algorithms/export/codes.py" line="133"/>
        <source>dedicated grid {code} lies outside the dedicated range (from {start})</source>
        <translation>专属网格 {code} 不在专属编号段内（自 {start} 起）</translation>
    </message>
    <message>
        <location filename="../algorithms/export/codes.py" line="136"/>
        <source>basic grid {code} uses the dedicated range (from {start})</source>
        <translation>基础网格 {code} 占用了专属编号段（自 {start} 起）</translation>
    </message>
    <message>
        <location filename="../algorithms/export/codes.py" line="211"/>
        <source>community code {community!r} is not {n} digits (layout {layout})</source>
        <translation>社区代码 {community!r} 不是 {n} 位（编码结构 {layout}）</translation>
    </message>
    <message>
        <location filename="../algorithms/export/codes.py" line="252"/>
        <source>community {community} has run out of {n}-digit sequence numbers; use a longer sequence</source>
        <translation>社区 {community} 的 {n} 位顺序号已用完；请加长顺序号</translation>
    </message>
    <message>
        <location filename="../algorithms/export/postgis.py" line="39"/>
        <source>the PostGIS export needs psycopg 3: pip install 'gridplanner[postgis]' (or pip install 'psycopg[binary]')</source>
        <translation>导出到 PostGIS 需要 psycopg 3：pip install 'gridplanner[postgis]'（或 pip install 'psycopg[binary]'）</translation>
    </message>
    <message>
        <location filename="../algorithms/export/postgis.py" line="50"/>
        <source>empty PostgreSQL connection; give a service name or a postgresql:// URI</source>
        <translation>PostgreSQL 连接为空；请给出服务名或 postgresql:// URI</translation>
    </message>
    <message>
        <location filename="../algorithms/export/postgis.py" line="82"/>
        <source>invalid table name {name!r}; use NAME or SCHEMA.NAME</source>
        <translation>表名 {name!r} 无效；请使用 表名 或 模式名.表名</translation>
    </message>
    <message>
        <location filename="../algorithms/export/postgis.py" line="103"/>
        <source>cannot connect to PostgreSQL ({connection}): {error}</source>
        <translation>无法连接 PostgreSQL（{connection}）：{error}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/postgis.py" line="112"/>
        <source>the database has no PostGIS: run CREATE EXTENSION postgis; first</source>
        <translation>该数据库未安装 PostGIS：请先执行 CREATE EXTENSION postgis;</translation>
    </message>
    <message>
        <location filename="../algorithms/export/postgis.py" line="117"/>
        <source>table {table} exists; choose another table or {remedy}</source>
        <translation>表 {table} 已存在；请换一个表名，或{remedy}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/postgis.py" line="148"/>
        <source>PostGIS export to {table} failed and was rolled back (the database is unchanged): {error}</source>
        <translation>导出到 PostGIS 表 {table} 失败，已回滚（数据库未改动）：{error}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="110"/>
        <source>every [[fields]] entry must be a table, got {data!r}</source>
        <translation>每个 [[fields]] 条目都必须是表，实际为 {data!r}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="113"/>
        <source>unknown key(s) {keys} in field {name!r}; allowed: {allowed}</source>
        <translation>字段 {name!r} 中有未知的键 {keys}；允许的键：{allowed}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="117"/>
        <source>a field has no name: {data!r}</source>
        <translation>有字段没有名称：{data!r}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="119"/>
        <source>give either 'source' or 'value'</source>
        <translation>请给出“source”或“value”，二者只能取其一</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="122"/>
        <source>type must be one of {types}, got {kind!r}</source>
        <translation>type 必须是 {types} 之一，实际为 {kind!r}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="126"/>
        <source>{key} must be a whole number &gt;= 0</source>
        <translation>{key} 必须是大于等于 0 的整数</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="135"/>
        <source>unknown key(s) {keys}; allowed: {allowed}</source>
        <translation>未知的键 {keys}；允许的键：{allowed}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="137"/>
        <source>a text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="138"/>
        <source>a list of [[fields]] tables</source>
        <translation>由 [[fields]] 表组成的列表</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="139"/>
        <source>a list of field names</source>
        <translation>字段名列表</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="139"/>
        <source>a [rename] table</source>
        <translation>[rename] 表</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="140"/>
        <source>a [grid_types] table</source>
        <translation>[grid_types] 表</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="144"/>
        <source>'{key}' must be {what}, got {value!r}</source>
        <translation>“{key}”必须是{what}，实际为 {value!r}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="166"/>
        <source>no such profile file; use {profiles} or a TOML/JSON file</source>
        <translation>字段方案文件不存在；请使用 {profiles} 或 TOML/JSON 文件</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="171"/>
        <source>base must be one of {profiles}, got {base!r}</source>
        <translation>base 必须是 {profiles} 之一，实际为 {base!r}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="184"/>
        <source>drop must be a list of field names</source>
        <translation>drop 必须是字段名列表</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="188"/>
        <source>cannot drop {name!r}: profile {base} has {names}</source>
        <translation>无法删除 {name!r}：字段方案 {base} 的字段为 {names}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="193"/>
        <source>[rename] must map old names to new names</source>
        <translation>[rename] 必须是旧字段名到新字段名的对应表</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="197"/>
        <source>cannot rename {name!r}: profile has {names}</source>
        <translation>无法重命名 {name!r}：字段方案的字段为 {names}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="200"/>
        <source>the new name of {name!r} must be a non-empty string</source>
        <translation>{name!r} 的新名称必须是非空字符串</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="220"/>
        <source>field name {name!r} is used twice (names are compared ignoring case)</source>
        <translation>字段名 {name!r} 重复（比较时不区分大小写）</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="224"/>
        <source>the profile has no fields</source>
        <translation>字段方案中没有字段</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="240"/>
        <source>the name cannot be written in {encoding}</source>
        <translation>该名称无法用 {encoding} 编码写出</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="244"/>
        <source>the name is {size} bytes long in {encoding}; the {format} format allows {limit}; rename it in a profile file ([rename] {name} = "SHORT")</source>
        <translation>该名称在 {encoding} 编码下长 {size} 字节，{format} 格式最多允许 {limit} 字节；请在字段方案文件中重命名（[rename] {name} = "SHORT"）</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="249"/>
        <source>the name is reserved for the feature id or geometry</source>
        <translation>该名称已保留给要素编号或几何字段</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="257"/>
        <source>the grid name pattern {pattern!r} is invalid ({error}); use placeholders such as {{community_name}}, {{seq}}, {{grid_code}}</source>
        <translation>网格名称模板 {pattern!r} 无效（{error}）；请使用 {{community_name}}、{{seq}}、{{grid_code}} 等占位符</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="312"/>
        <source>unknown source {source!r}; available: {available}</source>
        <translation>未知的数据来源 {source!r}；可用的有：{available}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/schema.py" line="329"/>
        <source>value {value!r} is not a number ({type} field)</source>
        <translation>值 {value!r} 不是数字（{type} 字段）</translation>
    </message>
    <message>
        <location filename="../algorithms/export/validate.py" line="65"/>
        <source>grid {code} has {households} households, below the minimum of the band {band}</source>
        <translation>网格 {code} 有 {households} 户，低于户数区间 {band} 的下限</translation>
    </message>
    <message>
        <location filename="../algorithms/export/validate.py" line="68"/>
        <source>grid {code} has {households} households, above the maximum of the band {band}</source>
        <translation>网格 {code} 有 {households} 户，高于户数区间 {band} 的上限</translation>
    </message>
    <message>
        <location filename="../algorithms/export/validate.py" line="75"/>
        <source>grid {code} is made of {n} separate parts</source>
        <translation>网格 {code} 由 {n} 个互不相连的部分组成</translation>
    </message>
    <message>
        <location filename="../algorithms/export/validate.py" line="89"/>
        <source>{n} building(s) lie in no grid</source>
        <translation>{n} 栋楼不在任何网格内</translation>
    </message>
    <message>
        <location filename="../algorithms/export/validate.py" line="92"/>
        <source>buildings refer to {n} grid code(s) that are not in the plan, e.g. {code}</source>
        <translation>楼栋引用了方案中不存在的 {n} 个网格编码，例如 {code}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/writers.py" line="37"/>
        <source>encoding must be utf-8, gbk or gb18030, got {encoding!r}</source>
        <translation>编码必须是 utf-8、gbk 或 gb18030，实际为 {encoding!r}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/writers.py" line="51"/>
        <source>{value!r} contains {characters!r}, which {encoding} cannot encode; use UTF-8</source>
        <translation>{value!r} 含有 {encoding} 无法编码的字符 {characters!r}；请使用 UTF-8</translation>
    </message>
    <message>
        <location filename="../algorithms/export/writers.py" line="79"/>
        <source>a Shapefile target must end in .shp, got {name}</source>
        <translation>Shapefile 输出文件名必须以 .shp 结尾，实际为 {name}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/writers.py" line="83"/>
        <source>{path} exists; choose another output or {remedy}</source>
        <translation>{path} 已存在；请换一个输出，或{remedy}</translation>
    </message>
    <message>
        <location filename="../algorithms/export/writers.py" line="160"/>
        <source>the profile already has a field WKT, which the CSV needs for the geometry</source>
        <translation>字段方案中已有 WKT 字段，而 CSV 需要用该字段存放几何</translation>
    </message>
    <message>
        <location filename="../algorithms/i18n.py" line="137"/>
        <source>pass --overwrite</source>
        <translation>加上 --overwrite 参数</translation>
    </message>
    <message>
        <location filename="../algorithms/i18n.py" line="138"/>
        <source>tick “Replace an existing file or table” (in the dock: “Replace an existing plan file”)</source>
        <translation>勾选“替换已有的文件或表”（在停靠面板中为“替换已有的方案文件”）</translation>
    </message>
    <message>
        <location filename="../algorithms/i18n.py" line="140"/>
        <source>pass --force to export anyway</source>
        <translation>加上 --force 参数仍然导出</translation>
    </message>
    <message>
        <location filename="../algorithms/i18n.py" line="141"/>
        <source>tick “Export even if the plan fails the checks” to export anyway</source>
        <translation>勾选“即使方案未通过检查也导出”以仍然导出</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="69"/>
        <source>file not found: {path}; check the path</source>
        <translation>找不到文件：{path}；请检查路径</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="74"/>
        <source>{path} is a folder, not a data file; give the file itself</source>
        <translation>{path} 是文件夹，不是数据文件；请给出文件本身</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="82"/>
        <source>{path} holds no layer</source>
        <translation>{path} 中没有图层</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="84"/>
        <source>{path} holds several layers ({layers}); name one as '{path}|layername=NAME'</source>
        <translation>{path} 中有多个图层（{layers}）；请用“{path}|layername=图层名”指定其中一个</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="87"/>
        <source>{path} has no layer '{layer}'; its layers are: {layers} (give one as '{path}|layername=NAME')</source>
        <translation>{path} 中没有图层“{layer}”；其图层为：{layers}（请用“{path}|layername=图层名”指定）</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="90"/>
        <source>{path} has no layer number {layer}; it holds {n} layer(s): {layers}</source>
        <translation>{path} 中没有第 {layer} 号图层；它共有 {n} 个图层：{layers}</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="100"/>
        <source>cannot read {path}: the file is damaged (its database is malformed, e.g. a truncated or interrupted copy); copy it again or export it anew from its source</source>
        <translation>无法读取 {path}：文件已损坏（其数据库结构异常，例如复制不完整或被中断）；请重新复制，或从数据源重新导出</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="103"/>
        <source>cannot read {path}: it is not a vector data file GDAL can read (empty, or another kind of file); check that it is the right file</source>
        <translation>无法读取 {path}：它不是 GDAL 能读取的矢量数据文件（为空或是其他类型的文件）；请检查文件是否正确</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="108"/>
        <source>cannot read {path}: {error}</source>
        <translation>无法读取 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="151"/>
        <source>{name} {path} is also an input ({input} {input_path}); inputs are never overwritten: choose another output file</source>
        <translation>{name} {path} 同时也是输入（{input} {input_path}）；输入文件绝不会被覆盖：请换一个输出文件</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="156"/>
        <source>{name} and {other} are the same file ({path}); give each output its own file</source>
        <translation>{name} 和 {other} 是同一个文件（{path}）；请为每个输出指定各自的文件</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="165"/>
        <source>{path} is a folder; give a file name inside it, e.g. {example}</source>
        <translation>{path} 是文件夹；请给出其中的文件名，例如 {example}</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="171"/>
        <source>the output folder {folder} does not exist; create it or choose another</source>
        <translation>输出文件夹 {folder} 不存在；请先创建，或另选一个</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="174"/>
        <source>the output folder {folder} is not a folder</source>
        <translation>输出文件夹 {folder} 不是文件夹</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="214"/>
        <source>cannot write in the folder {folder} (the folder is read-only); choose a folder you can write to</source>
        <translation>无法写入文件夹 {folder}（该文件夹为只读）；请选择可写入的文件夹</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="216"/>
        <source>cannot write in the folder {folder} (permission denied); choose a folder you can write to</source>
        <translation>无法写入文件夹 {folder}（权限不足）；请选择可写入的文件夹</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="219"/>
        <source>cannot write in the folder {folder}: no space left on the device; free space or choose another</source>
        <translation>无法写入文件夹 {folder}：磁盘空间已满；请释放空间或另选文件夹</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="221"/>
        <source>cannot write in the folder {folder}: {error}</source>
        <translation>无法写入文件夹 {folder}：{error}</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="233"/>
        <source>the output</source>
        <translation>输出</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="233"/>
        <source> and </source>
        <translation>和</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="237"/>
        <source>nothing was written</source>
        <translation>未写入任何内容</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="239"/>
        <source>nothing was written; {path} is unchanged</source>
        <translation>未写入任何内容；{path} 保持不变</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="241"/>
        <source>nothing was written; {paths} are unchanged</source>
        <translation>未写入任何内容；{paths} 保持不变</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="255"/>
        <source>cannot write {names}: the disk is full ({free:.1f} MB free); {left}; free some space or choose another folder</source>
        <translation>无法写入 {names}：磁盘已满（剩余 {free:.1f} MB）；{left}；请释放空间或另选文件夹</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="257"/>
        <source>cannot write {names}: the disk is full; {left}; free some space or choose another folder</source>
        <translation>无法写入 {names}：磁盘已满；{left}；请释放空间或另选文件夹</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="261"/>
        <source>cannot write {names}: the folder {folder} is not writable; {left}; choose another folder</source>
        <translation>无法写入 {names}：文件夹 {folder} 不可写；{left}；请另选文件夹</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="265"/>
        <source>cannot write {names}: {error}; {left}</source>
        <translation>无法写入 {names}：{error}；{left}</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="339"/>
        <source>{path} is given twice as an output; give each output its own file</source>
        <translation>{path} 被两次指定为输出；请为每个输出指定各自的文件</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="350"/>
        <source>process {pid}</source>
        <translation>进程 {pid}</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="350"/>
        <source>another process</source>
        <translation>另一个进程</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="351"/>
        <source>{path} is being written by another Grid Planner run ({who}; lock file {lock}); wait for it to finish, or delete the lock file if no run is active</source>
        <translation>{path} 正由另一个网格规划任务写入（{who}；锁文件 {lock}）；请等待其完成；如确无任务在运行，可删除该锁文件</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="417"/>
        <source>{path} appeared while this run was working (written by another program); nothing was written; choose another output or {remedy}</source>
        <translation>{path} 在本次运行期间出现（由其他程序写入）；未写入任何内容；请换一个输出，或{remedy}</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="555"/>
        <source>the weights file</source>
        <translation>权重文件</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="555"/>
        <source>the profile</source>
        <translation>字段方案文件</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="570"/>
        <source>cannot read {what}: {error}; check the path</source>
        <translation>无法读取{what}：{error}；请检查路径</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="573"/>
        <source>{what} is not UTF-8 text ({reason} at byte {byte}); save it as UTF-8 TOML or JSON</source>
        <translation>{what}不是 UTF-8 文本（第 {byte} 字节处：{reason}）；请另存为 UTF-8 编码的 TOML 或 JSON</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="579"/>
        <source>{what} is not valid {kind}: {error}</source>
        <translation>{what}不是有效的 {kind}：{error}</translation>
    </message>
    <message>
        <location filename="../algorithms/io.py" line="582"/>
        <source>{what} must be a table/object at the top level</source>
        <translation>{what}的顶层必须是表（对象）</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="36"/>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="37"/>
        <source>Households in grids</source>
        <translation>网格内户数</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="38"/>
        <source>Grids within band</source>
        <translation>户数在区间内的网格</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="38"/>
        <source>Share of basic grids in the band</source>
        <translation>基础网格达标率</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="39"/>
        <source>where the band is possible</source>
        <translation>可达区间处</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="40"/>
        <source>Basic grids outside the band</source>
        <translation>超出范围的基础网格</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="42"/>
        <source>Workload max / min</source>
        <translation>工作量最大值 / 最小值</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="42"/>
        <source>Workload max/min</source>
        <translation>工作量最大/最小比</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="43"/>
        <source>Workload coefficient of variation</source>
        <translation>工作量变异系数</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="43"/>
        <source>Workload CV</source>
        <translation>工作量变异系数</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="44"/>
        <source>grids within band</source>
        <translation>区间内的网格</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="45"/>
        <source>no plan can beat</source>
        <translation>任何方案都无法优于</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="46"/>
        <source>Hard-barrier crossings</source>
        <translation>跨越硬性边界</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="46"/>
        <source>Barrier crossings</source>
        <translation>跨越障碍</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="47"/>
        <source>Compound splits</source>
        <translation>小区被拆分</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="48"/>
        <source>Avoidable compound splits</source>
        <translation>可避免的小区拆分</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="50"/>
        <source>Non-contiguous grids</source>
        <translation>不连续的网格</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="50"/>
        <source>Grids in several parts</source>
        <translation>不连续网格数</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="51"/>
        <source>Mean compactness (Polsby–Popper)</source>
        <translation>平均紧凑度（Polsby–Popper）</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="51"/>
        <source>Mean compactness</source>
        <translation>平均紧凑度</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="52"/>
        <source>Tiling gap / overlap</source>
        <translation>铺满检查：缝隙 / 重叠</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="53"/>
        <source>Gaps (m²)</source>
        <translation>缝隙（平方米）</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="54"/>
        <source>Overlaps between grids (m²)</source>
        <translation>网格间重叠（m²）</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="55"/>
        <source>Overlapping grids</source>
        <translation>相互重叠的网格</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="56"/>
        <source>Grids crossing a community boundary</source>
        <translation>跨越社区边界的网格</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="57"/>
        <source>Buildings in no grid</source>
        <translation>不在任何网格内的楼栋</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="58"/>
        <source>Households in no grid</source>
        <translation>不在任何网格内的户数</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="59"/>
        <source>Grids that need a look</source>
        <translation>需要关注的网格数</translation>
    </message>
    <message>
        <location filename="../algorithms/labels.py" line="60"/>
        <source>Blocks divided by the tessellation fallback</source>
        <translation>由备用剖分方法划分的街区</translation>
    </message>
    <message>
        <location filename="../algorithms/metrics.py" line="678"/>
        <source>grids {a} and {b} overlap by {width:.1f} mm ({area:.3f} m²)</source>
        <translation>网格 {a} 与 {b} 重叠 {width:.1f} 毫米（{area:.3f} 平方米）</translation>
    </message>
    <message>
        <location filename="../algorithms/metrics.py" line="681"/>
        <source>a gap of {width:.1f} mm ({area:.3f} m²) between grids {grids}</source>
        <translation>网格 {grids} 之间有 {width:.1f} 毫米宽的缝隙（{area:.3f} 平方米）</translation>
    </message>
    <message>
        <location filename="../algorithms/metrics.py" line="686"/>
        <source>the grids of community {code} stray {deviation:.3f} m from its boundary: they leave a gap of {uncovered:.1f} m² and reach {outside:.1f} m² outside it</source>
        <translation>社区 {code} 的网格偏离社区边界 {deviation:.3f} 米：留下 {uncovered:.1f} 平方米的空隙，并超出边界 {outside:.1f} 平方米</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="74"/>
        <source>households per group must be a range such as 5-10 (got {low}-{high})</source>
        <translation>每组户数须为 5-10 这样的范围（给出的是 {low}-{high}）</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="77"/>
        <source>groups per member must be at least 1</source>
        <translation>每名党员联系的组数至少为 1</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="131"/>
        <source>unit {unit} floor {floor}</source>
        <translation>{unit}单元{floor}层</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="320"/>
        <source>group {group} ({households} households) has no member linked</source>
        <translation>联户组 {group}（{households} 户）还没有联系党员</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="322"/>
        <source>micro-grid {group} ({households} households) has no member linked</source>
        <translation>微网格 {group}（{households} 户）还没有联系党员</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="374"/>
        <source>no column {column} nor {x} and {y} (columns: {columns}); name the home column with the matching option</source>
        <translation>没有 {column} 列，也没有 {x} 和 {y} 列（现有列：{columns}）；请用对应选项指定住址列</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="380"/>
        <source>row {row} has no home: give {building} or {x} and {y}</source>
        <translation>第 {row} 行没有住址：请填写 {building}，或 {x} 和 {y}</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="402"/>
        <source>row {row}: the home of member {member} lies in no grid; linked in the nearest grid</source>
        <translation>第 {row} 行：党员 {member} 的住址不在任何网格内，已在最近的网格中联系</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="415"/>
        <source>row {row}: grid {grid} of member {member} has no households to link</source>
        <translation>第 {row} 行：党员 {member} 所在网格 {grid} 没有可联系的住户</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="488"/>
        <source>grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="488"/>
        <source>community code</source>
        <translation>社区代码</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="489"/>
        <source>households</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="489"/>
        <source>groups</source>
        <translation>组数</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="490"/>
        <source>groups in band</source>
        <translation>户数在范围内的组</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="490"/>
        <source>groups with a member</source>
        <translation>有党员联系的组</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="491"/>
        <source>member links</source>
        <translation>党员联系数</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="491"/>
        <source>households with a member</source>
        <translation>有党员联系的户数</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="492"/>
        <source>coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="505"/>
        <source>{groups} groups of {low}–{high} households ({share} % in the band) in {grids} grids; {links} member links. Coverage is the share of households in a group with a linked member (户户见党员).</source>
        <translation>{grids} 个网格内共 {groups} 个 {low}–{high} 户的联户组（{share} % 在范围内）；党员联系 {links} 条。覆盖率是所在联户组有党员联系的住户占比（户户见党员）。</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="508"/>
        <source>{groups} micro-grids (微网格) of {low}–{high} households ({share} % in the band) in {grids} grids; {links} member links. Coverage is the share of households in a micro-grid with a linked member (户户见党员).</source>
        <translation>{grids} 个网格内共 {groups} 个 {low}–{high} 户的微网格（{share} % 在范围内）；党员联系 {links} 条。覆盖率是所在微网格有党员联系的住户占比（户户见党员）。</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="517"/>
        <source>Coverage per community</source>
        <translation>各社区覆盖情况</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="518"/>
        <source>Coverage per grid</source>
        <translation>各网格覆盖情况</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="519"/>
        <source>Groups without a member</source>
        <translation>尚无党员联系的组</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="521"/>
        <source>group</source>
        <translation>组</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="522"/>
        <source>buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="522"/>
        <source>household ranges</source>
        <translation>户号范围</translation>
    </message>
    <message>
        <location filename="../algorithms/microgrids.py" line="523"/>
        <source>None.</source>
        <translation>无。</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="95"/>
        <source>Buildings</source>
        <translation>建筑</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="96"/>
        <source>building footprints (polygons or points) with a households field</source>
        <translation>带户数字段的建筑轮廓（面或点）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="98"/>
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="99"/>
        <source>community polygons with a code; without them the whole area is one community</source>
        <translation>带代码的社区边界面；不提供时整个范围按一个社区规划</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="101"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="101"/>
        <source>road centre lines with a class field</source>
        <translation>带道路等级字段的道路中心线</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="103"/>
        <source>Water (rivers, lakes; areas or centre lines)</source>
        <translation>水系（河流、湖泊；面或中心线）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="104"/>
        <source>rivers/lakes (polygons) or river centre lines; several layers; hard barriers</source>
        <translation>河流、湖泊（面）或河道中心线；可选多个图层；网格不可跨越</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="106"/>
        <source>Compounds (小区 polygons)</source>
        <translation>小区（小区面）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="107"/>
        <source>residential compound (小区) polygons: a building without a compound field value gets the compound holding it (the smallest where they overlap)</source>
        <translation>小区范围面：没有小区字段值的建筑归入包含它的小区（重叠时取最小的一个）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="116"/>
        <source>Households field</source>
        <translation>户数字段</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="117"/>
        <source>households per building (integer &gt;= 0)</source>
        <translation>每栋建筑的户数（≥ 0 的整数）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="120"/>
        <source>Population field</source>
        <translation>人口字段</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="121"/>
        <source>estimated from households when the field is absent</source>
        <translation>缺少该字段时按户数估算</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="124"/>
        <source>Compound (小区) id field</source>
        <translation>小区编号字段</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="125"/>
        <source>residential compound (小区) id; compounds are kept whole</source>
        <translation>小区编号；同一小区尽量不拆分</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="127"/>
        <source>Compound (小区) name field</source>
        <translation>小区名称字段</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="128"/>
        <source>compound name, on the buildings and on the compound polygons</source>
        <translation>小区名称（建筑图层和小区范围面上）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="131"/>
        <source>Compound id field of the compounds</source>
        <translation>小区面的小区编号字段</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="132"/>
        <source>compound id on the compound polygons (the feature id when absent)</source>
        <translation>小区范围面上的小区编号（缺少时用要素编号）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="135"/>
        <source>Dedicated site field (专属网格)</source>
        <translation>专属场所字段（专属网格）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="136"/>
        <source>site id of buildings that form dedicated grids (专属网格): buildings with the same value (a school, a hospital, a market) form a grid of their own</source>
        <translation>构成专属网格的场所编号：该字段值相同的建筑（学校、医院、市场等）单独组成一个网格</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="140"/>
        <source>Building id field</source>
        <translation>建筑编号字段</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="141"/>
        <source>id of each building shown in messages (default: the feature id)</source>
        <translation>提示信息中显示的建筑编号（默认：要素编号）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="143"/>
        <source>Locked grid field</source>
        <translation>锁定网格字段</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="144"/>
        <source>grid label of buildings whose grid is fixed (buildings with the same label stay together in one grid)</source>
        <translation>网格固定不变的建筑所属网格标识（标识相同的建筑保持在同一网格）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="147"/>
        <source>Previous grid field</source>
        <translation>原网格字段</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="148"/>
        <source>previous grid of each building, used as the starting plan (yearly re-planning)</source>
        <translation>每栋建筑原来所属的网格，作为规划起点（年度调整）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="150"/>
        <source>Community code field</source>
        <translation>社区代码字段</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="151"/>
        <source>12-digit community code; grid code = community code + sequence</source>
        <translation>12位社区代码；网格编码 = 社区代码 + 顺序号</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="153"/>
        <source>Community name field</source>
        <translation>社区名称字段</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="154"/>
        <source>community name, shown with the code</source>
        <translation>社区名称，与代码一同显示</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="157"/>
        <source>Road class field</source>
        <translation>道路等级字段</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="158"/>
        <source>road class (OpenStreetMap highway values)</source>
        <translation>道路等级（OpenStreetMap 的 highway 值）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="162"/>
        <source>Road classes a grid never crosses (comma-separated)</source>
        <translation>网格不可跨越的道路等级（以逗号分隔）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="163"/>
        <source>comma-separated road classes that grids never cross (default: motorway, trunk, primary, secondary and their links, railway); other roads are minor</source>
        <translation>网格不可跨越的道路等级，用逗号分隔（默认：motorway、trunk、primary、secondary 及其连接线、铁路）；其余道路为次要道路</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="166"/>
        <source>Minimum households per grid</source>
        <translation>每格最少户数</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="167"/>
        <source>minimum households per grid</source>
        <translation>每个网格的最少户数</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="169"/>
        <source>Maximum households per grid</source>
        <translation>每格最多户数</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="170"/>
        <source>maximum households per grid</source>
        <translation>每个网格的最多户数</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="172"/>
        <source>Target households per grid</source>
        <translation>每格目标户数</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="173"/>
        <source>target households per grid</source>
        <translation>每个网格的目标户数</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="175"/>
        <source>Grid counts of communities (CODE=N, …)</source>
        <translation>指定社区网格数（代码=数量, …）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="176"/>
        <source>fix the number of grids of a community (CODE=N; several separated by commas)</source>
        <translation>固定某社区的网格数量（代码=数量；多个用逗号分隔）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="178"/>
        <source>Pockets cut off by a major road</source>
        <translation>被主干道隔开的零散片区</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="179"/>
        <source>a pocket too small for a grid, cut off by a major road, stands alone as a grid below the minimum (separate, keeps every major road uncrossed) or joins a neighbour across the road (merge, reported as crossing it)</source>
        <translation>被主干道或河流隔开、户数不足一个网格的片区：单独成为低于下限的网格（separate，不跨越任何主干道），或跨路并入相邻网格（merge，记为跨越障碍）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="183"/>
        <source>separate: a grid of its own, below the minimum</source>
        <translation>单独成网格（低于下限）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="184"/>
        <source>merge: joins a neighbour across the road</source>
        <translation>跨路并入相邻网格</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="185"/>
        <source>Pockets that join across a barrier: fewer households than</source>
        <translation>并入相邻网格的隔离片区：户数少于</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="186"/>
        <source>a pocket beyond a major road, railway or river with fewer households joins the neighbouring grid it touches across it, reported as crossing it (default: a third of the minimum; 0: never)</source>
        <translation>主干道、铁路或河流另一侧的隔离片区户数少于此值时，并入隔着障碍相邻的网格，并报告为跨越障碍（默认：最小户数的三分之一；0：从不）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="191"/>
        <source>Workload weights file</source>
        <translation>工作量权重文件</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="192"/>
        <source>workload weights file (TOML or JSON); default: the built-in weights</source>
        <translation>工作量权重文件（TOML 或 JSON）；默认使用内置权重</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="194"/>
        <source>Digits of the grid sequence</source>
        <translation>网格顺序号位数</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="195"/>
        <source>digits of the grid sequence in the grid code</source>
        <translation>网格编码中顺序号的位数</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="197"/>
        <source>People per household</source>
        <translation>户均人口</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="198"/>
        <source>population of a building without a population value = households × this</source>
        <translation>没有人口值的建筑：人口 = 户数 × 此值</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="200"/>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="201"/>
        <source>random seed (the same inputs and seed give the same plan)</source>
        <translation>随机种子（输入和种子相同，方案相同）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="203"/>
        <source>Search time budget (seconds per 10,000 households)</source>
        <translation>搜索时间预算（每一万户的秒数）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="204"/>
        <source>time budget of the search per 10,000 households of a community, counted in machine-independent work units (the same seed still gives the same plan); an area that runs out is reported as undecided</source>
        <translation>社区每一万户的搜索时间预算，以与机器无关的工作量单位计（相同的随机种子仍得到相同的方案）；用完预算的片区报告为“未判定”</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="208"/>
        <source>Workers</source>
        <translation>并行工作单元数</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="209"/>
        <source>workers of the local Dask cluster for large runs (0: automatic, one per core; 1: this process only; inside QGIS: threads, only when set)</source>
        <translation>大规模运行时本机 Dask 集群的工作单元（worker）数（0：自动，每个 CPU 核心一个；1：仅在本进程中运行；在 QGIS 内：仅在设置时使用线程）</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="212"/>
        <source>Dask scheduler</source>
        <translation>Dask 调度器</translation>
    </message>
    <message>
        <location filename="../algorithms/options.py" line="213"/>
        <source>address of a running Dask scheduler (tcp://host:8786) that plans the communities; empty: this machine</source>
        <translation>由已运行的 Dask 调度器（tcp://主机:8786）规划各社区；留空：在本机规划</translation>
    </message>
    <message>
        <location filename="../algorithms/osm_layers.py" line="199"/>
        <source>reading OpenStreetMap files needs the Python package 'osmium' (pip install osmium)</source>
        <translation>读取 OpenStreetMap 文件需要 Python 包“osmium”（pip install osmium）</translation>
    </message>
    <message>
        <location filename="../algorithms/osm_layers.py" line="325"/>
        <source>unknown file type {suffix!r}; expected .osm, .osm.bz2 or .osm.pbf</source>
        <translation>未知文件类型 {suffix!r}；应为 .osm、.osm.bz2 或 .osm.pbf</translation>
    </message>
    <message>
        <location filename="../algorithms/osm_layers.py" line="341"/>
        <source>reading the OpenStreetMap file</source>
        <translation>正在读取 OpenStreetMap 文件</translation>
    </message>
    <message>
        <location filename="../algorithms/osm_layers.py" line="346"/>
        <source>{n} OpenStreetMap object(s) left out: their nodes are not in the file</source>
        <translation>略去 {n} 个 OpenStreetMap 对象：其节点不在文件中</translation>
    </message>
    <message>
        <location filename="../algorithms/osm_layers.py" line="348"/>
        <source>no buildings found (no closed way or multipolygon tagged building=*)</source>
        <translation>未找到建筑（没有标注 building=* 的闭合路径或多边形关系）</translation>
    </message>
    <message>
        <location filename="../algorithms/osm_layers.py" line="353"/>
        <source>the output CRS {crs} is not projected; choose one in metres</source>
        <translation>输出坐标参考系 {crs} 不是投影坐标系；请选择以米为单位的坐标系</translation>
    </message>
    <message>
        <location filename="../algorithms/osm_layers.py" line="372"/>
        <source>the layer has no coordinate reference system; assign one</source>
        <translation>该图层没有坐标参考系；请为其指定一个</translation>
    </message>
    <message>
        <location filename="../algorithms/osm_layers.py" line="377"/>
        <source>no building of the OpenStreetMap file lies inside a community</source>
        <translation>OpenStreetMap 文件中没有位于任何社区内的建筑</translation>
    </message>
    <message>
        <location filename="../algorithms/osm_layers.py" line="380"/>
        <source>{n} building(s) outside every community left out</source>
        <translation>略去 {n} 栋位于所有社区之外的建筑</translation>
    </message>
    <message>
        <location filename="../algorithms/osm_layers.py" line="385"/>
        <source>estimating households</source>
        <translation>正在估算户数</translation>
    </message>
    <message>
        <location filename="../algorithms/osm_layers.py" line="414"/>
        <source>reading the roads</source>
        <translation>正在读取道路</translation>
    </message>
    <message>
        <location filename="../algorithms/osm_layers.py" line="420"/>
        <source>no roads found (no way tagged highway=*)</source>
        <translation>未找到道路（没有标注 highway=* 的路径）</translation>
    </message>
    <message>
        <location filename="../algorithms/osm_layers.py" line="441"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/community.py" line="125"/>
        <source>the community has no households</source>
        <translation>该社区没有住户</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/community.py" line="160"/>
        <source>building {ids}</source>
        <translation>楼栋 {ids}</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/community.py" line="162"/>
        <source>an indivisible group of {n} buildings</source>
        <translation>由 {n} 栋楼组成的不可分组</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/community.py" line="164"/>
        <source>{what} alone has {households:,} households (&gt; max {maximum}); a building is never split: a grid of its own that needs {workers} grid workers (⌈{households:,} / {maximum}⌉)</source>
        <translation>{what} 单独就有 {households:,} 户（&gt; 上限 {maximum}）；楼栋从不拆分：自成一个网格，需要 {workers} 名网格员（⌈{households:,} / {maximum}⌉）</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/community.py" line="269"/>
        <source>water</source>
        <translation>水域</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/community.py" line="269"/>
        <source>a hard barrier</source>
        <translation>一条硬性边界</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/community.py" line="281"/>
        <source>joins {pocket} beyond {barrier}: fewer than {threshold} households (the pocket threshold), too few for a grid of its own, so this grid serves it across the barrier</source>
        <translation>并入 {barrier} 另一侧的{pocket}：不足 {threshold} 户（飞地阈值），不足以单独成网格，故由本网格跨边界服务</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/community.py" line="285"/>
        <source>includes {pocket} beyond {barrier}, too small for a grid of its own (min {minimum}; pocket policy merge)</source>
        <translation>包含 {barrier} 另一侧的{pocket}，规模太小不能单独成网格（下限 {minimum}；飞地策略：合并）</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/community.py" line="297"/>
        <source>a pocket of {households} households</source>
        <translation>一块 {households} 户的飞地</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/community.py" line="299"/>
        <source> and {n} more</source>
        <translation> 等另外 {n} 个</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/community.py" line="300"/>
        <source>buildings {ids}</source>
        <translation>楼栋 {ids}</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/community.py" line="301"/>
        <source>a pocket of {households} households ({buildings})</source>
        <translation>一块 {households} 户的飞地（{buildings}）</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/community.py" line="317"/>
        <source>the fixed count of {n} grids gives about {mean:.0f} households per grid here</source>
        <translation>固定的 {n} 个网格在此处约合每格 {mean:.0f} 户</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/community.py" line="325"/>
        <source>a pocket of {households} households cut off by major roads or rivers: {why}</source>
        <translation>一块被主干道或河流隔开的 {households} 户飞地：{why}</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/community.py" line="328"/>
        <source>the community has {households} households: {why}</source>
        <translation>该社区有 {households} 户：{why}</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/counts.py" line="29"/>
        <source>{households} households cannot form grids of {minimum}–{maximum}: {k} grid(s) of about {mean:.0f}</source>
        <translation>{households} 户无法组成 {minimum}–{maximum} 户的网格：{k} 个网格，每格约 {mean:.0f} 户</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/explain.py" line="29"/>
        <source>compound {key} ({name})</source>
        <translation>小区 {key}（{name}）</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/explain.py" line="29"/>
        <source>compound {key}</source>
        <translation>小区 {key}</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/explain.py" line="30"/>
        <source> (part)</source>
        <translation>（部分）</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/explain.py" line="37"/>
        <source>{n} building(s)</source>
        <translation>{n} 栋楼</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/explain.py" line="81"/>
        <source>{who} ({households} households) and the units that reach the rest only through it must share one grid in any plan with every grid in the band: {total} households together, outside {minimum}–{maximum}</source>
        <translation>{who}（{households} 户）与只能经由它连到其余部分的单元，在任何所有网格都在区间内的方案中都必须同属一个网格：合计 {total} 户，超出 {minimum}–{maximum}</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/explain.py" line="87"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/explain.py" line="87"/>
        <source>{unit} ({households})</source>
        <translation>{unit}（{households}）</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/explain.py" line="91"/>
        <source>{who} ({households} households) touches only {listed}{more} (households in brackets); no grid holding it can have {minimum}–{maximum} households without splitting a compound below the maximum</source>
        <translation>{who}（{households} 户）只与 {listed}{more} 相邻（括号内为户数）；不拆分低于上限的小区，任何包含它的网格都无法达到 {minimum}–{maximum} 户</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/explain.py" line="97"/>
        <source>{who} ({households} households) is enclosed by major roads, rivers or the community line with no other households to join</source>
        <translation>{who}（{households} 户）被主干道、河流或社区边界围住，没有其他住户可以合并</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/explain.py" line="103"/>
        <source>search stopped by the time budget; this area is undecided (a plan with more grids within the band may exist: a larger search time budget searches longer)</source>
        <translation>搜索因时间预算而停止；该区域尚无定论（可能存在更多网格在区间内的方案：加大搜索时间预算可搜索更久）</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/explain.py" line="105"/>
        <source>no plan of this area ({total} households between major roads, rivers and the community line)</source>
        <translation>该区域（主干道、河流与社区边界之间的 {total} 户）没有任何方案</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/explain.py" line="107"/>
        <source>an exhaustive search of the connected groupings of whole compounds and buildings ({sets} grown) found none</source>
        <translation>对完整小区和楼栋的连通组合做了穷举搜索（生成 {sets} 组），未找到</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/explain.py" line="115"/>
        <source>{where} comes closer to {minimum}–{maximum} households per grid: {how}</source>
        <translation>{where}更接近每格 {minimum}–{maximum} 户：{how}</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/explain.py" line="122"/>
        <source>{where} keeps every grid within {minimum}–{maximum} households: an exhaustive search of the connected groupings of whole compounds and buildings found none; whether a plan missing the band by fewer households exists was not decided within the search budget</source>
        <translation>{where}能使每个网格都在 {minimum}–{maximum} 户之内：对完整小区和楼栋的连通组合做了穷举搜索，未找到；是否存在偏离区间更少户数的方案，在搜索预算内未能判定</translation>
    </message>
    <message>
        <location filename="../algorithms/partition/explain.py" line="129"/>
        <source>{undecided}: {total} households between major roads, rivers and the community line</source>
        <translation>{undecided}：主干道、河流与社区边界之间共 {total} 户</translation>
    </message>
    <message>
        <location filename="../algorithms/people.py" line="62"/>
        <source>{path} has no {layers} layer; give a plan written by 'gridplanner plan' (layers found: {found})</source>
        <translation>{path} 没有 {layers} 图层；请给出由 'gridplanner plan' 生成的方案（现有图层：{found}）</translation>
    </message>
    <message>
        <location filename="../algorithms/people.py" line="81"/>
        <source>no field {field}; give a plan written by 'gridplanner plan'</source>
        <translation>没有字段 {field}；请给出由 'gridplanner plan' 生成的方案</translation>
    </message>
    <message>
        <location filename="../algorithms/people.py" line="84"/>
        <source>the plan's grids layer is empty: there are no grids to staff or divide; plan the grids first</source>
        <translation>方案的 grids 图层为空：没有可配备人员或细分的网格；请先划分网格</translation>
    </message>
    <message>
        <location filename="../algorithms/people.py" line="126"/>
        <source>reading .xlsx needs the Python package openpyxl; install it or save the list as .csv</source>
        <translation>读取 .xlsx 需要 Python 包 openpyxl；请安装它，或将名单另存为 .csv</translation>
    </message>
    <message>
        <location filename="../algorithms/people.py" line="151"/>
        <source>{path} is neither UTF-8 nor GBK text; save it as UTF-8 CSV</source>
        <translation>{path} 既不是 UTF-8 也不是 GBK 文本；请另存为 UTF-8 编码的 CSV</translation>
    </message>
    <message>
        <location filename="../algorithms/people.py" line="160"/>
        <source>no column {column} (columns: {columns}); name it with the matching option</source>
        <translation>没有列 {column}（现有列：{columns}）；请用相应选项指定列名</translation>
    </message>
    <message>
        <location filename="../algorithms/people.py" line="181"/>
        <source>row {row} has no {column}</source>
        <translation>第 {row} 行缺少 {column}</translation>
    </message>
    <message>
        <location filename="../algorithms/people.py" line="187"/>
        <source>duplicate id {id} in rows {rows}</source>
        <translation>编号 {id} 在第 {rows} 行重复</translation>
    </message>
    <message>
        <location filename="../algorithms/people.py" line="205"/>
        <source>the plan's buildings have no id field, so {column} cannot be matched; give x and y instead</source>
        <translation>方案的楼栋没有编号字段，无法匹配 {column}；请改填 x 和 y</translation>
    </message>
    <message>
        <location filename="../algorithms/people.py" line="214"/>
        <source>row {row}: building {building} is not in the plan's buildings (field {field})</source>
        <translation>第 {row} 行：楼栋 {building} 不在方案的楼栋中（字段 {field}）</translation>
    </message>
    <message>
        <location filename="../algorithms/people.py" line="223"/>
        <source>row {row}: {column} is not a number</source>
        <translation>第 {row} 行：{column} 不是数字</translation>
    </message>
    <message>
        <location filename="../algorithms/planner.py" line="447"/>
        <source>buildings: the input field 'grid_code' is kept as 'grid_code_input'</source>
        <translation>建筑：输入字段 'grid_code' 保留为 'grid_code_input'</translation>
    </message>
    <message>
        <location filename="../algorithms/planner.py" line="574"/>
        <source>not placed in any grid</source>
        <translation>未划入任何网格</translation>
    </message>
    <message>
        <location filename="../algorithms/planner.py" line="660"/>
        <source>dedicated grid (专属网格) of site {site}</source>
        <translation>场所 {site} 的专属网格</translation>
    </message>
    <message>
        <location filename="../algorithms/planner.py" line="662"/>
        <source>{households} households (&lt; min {minimum}); the search found no cut that keeps whole compounds and the band here (one may exist: fix the grid count of the community or try another seed)</source>
        <translation>{households} 户（&lt; 下限 {minimum}）；搜索未找到既保持小区完整又满足区间的划分（可能存在：可固定该社区的网格数，或换一个随机种子）</translation>
    </message>
    <message>
        <location filename="../algorithms/planner.py" line="666"/>
        <source>{households} households (&gt; max {maximum}); the search found no cut that keeps whole compounds and the band here (one may exist: fix the grid count of the community or try another seed)</source>
        <translation>{households} 户（&gt; 上限 {maximum}）；搜索未找到既保持小区完整又满足区间的划分（可能存在：可固定该社区的网格数，或换一个随机种子）</translation>
    </message>
    <message>
        <location filename="../algorithms/planner.py" line="670"/>
        <source>locked by the planner as {label}</source>
        <translation>由规划人员锁定为 {label}</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="92"/>
        <source>the layer has no coordinate reference system; assign one (QGIS: Layer Properties › Source; GDAL: ogr2ogr -a_srs EPSG:xxxx)</source>
        <translation>该图层没有坐标参考系；请为其指定一个（QGIS：图层属性 › 源；GDAL：ogr2ogr -a_srs EPSG:xxxx）</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="99"/>
        <source>the CRS {crs} uses {unit}; use a CRS in metres</source>
        <translation>坐标参考系 {crs} 的单位是 {unit}；请使用以米为单位的坐标参考系</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="108"/>
        <source>the buildings are in a geographic CRS ({crs}); planning in EPSG:{epsg} ({name}), the CGCS2000 3-degree zone of longitude {lon:.2f}</source>
        <translation>建筑图层使用地理坐标系（{crs}）；改在 EPSG:{epsg}（{name}）中规划，即经度 {lon:.2f} 所在的 CGCS2000 3 度带</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="112"/>
        <source>the buildings are in a geographic CRS ({crs}); planning in {work} ({name})</source>
        <translation>建筑图层使用地理坐标系（{crs}）；改在 {work}（{name}）中规划</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="125"/>
        <source>some coordinates are not finite numbers (NaN or infinite); repair the geometry</source>
        <translation>部分坐标不是有限数值（NaN 或无穷大）；请修复几何</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="129"/>
        <source>assign the layer its true CRS (QGIS: Layer Properties › Source › Assigned coordinate reference system; GDAL: ogr2ogr -a_srs EPSG:xxxx), do not reproject it</source>
        <translation>请为图层指定其真实的坐标参考系（QGIS：图层属性 › 源 › 指定的坐标参考系；GDAL：ogr2ogr -a_srs EPSG:xxxx），不要对其重投影</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="134"/>
        <source>the coordinates of layer {role} do not fit its CRS {crs} ({name}): x runs from {minx:,.0f} to {maxx:,.0f} and y from {miny:,.0f} to {maxy:,.0f}, which are not longitudes and latitudes (they look like metres); {fix}</source>
        <translation>图层 {role} 的坐标与其坐标参考系 {crs}（{name}）不符：x 从 {minx:,.0f} 到 {maxx:,.0f}，y 从 {miny:,.0f} 到 {maxy:,.0f}，这不是经纬度（看起来是米）；{fix}</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="143"/>
        <source>the coordinates of layer {role} do not fit its CRS {crs} ({name}): x runs from {minx:,.0f} to {maxx:,.0f} and y from {miny:,.0f} to {maxy:,.0f}, which that CRS cannot place on the Earth; {fix}</source>
        <translation>图层 {role} 的坐标与其坐标参考系 {crs}（{name}）不符：x 从 {minx:,.0f} 到 {maxx:,.0f}，y 从 {miny:,.0f} 到 {maxy:,.0f}，该坐标参考系无法将其定位到地球上；{fix}</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="159"/>
        <source>{role}: reprojected from {source} to {target}</source>
        <translation>{role}：已从 {source} 重投影到 {target}</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="169"/>
        <source>{what} field '{field}' not found; available fields: {available}</source>
        <translation>未找到{what}字段“{field}”；现有字段：{available}</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="188"/>
        <source>{ids} and {n} more</source>
        <translation>{ids} 等（另有 {n} 个）</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="197"/>
        <source>{role}: the field '{field}' holds true/false values; read as 1 and 0 — check that it is the right field</source>
        <translation>{role}：字段“{field}”为真/假值，按 1 和 0 读取——请确认字段是否选对</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="208"/>
        <source>non-numeric values (e.g. {value}) in feature(s) {features}; the field must hold numbers</source>
        <translation>要素 {features} 中有非数值（例如 {value}）；该字段必须为数字</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="213"/>
        <source>empty values in feature(s) {features}</source>
        <translation>要素 {features} 中有空值</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="216"/>
        <source>{n} building(s) have no value in '{field}'; counted as 0</source>
        <translation>{n} 栋楼的“{field}”字段为空；按 0 计</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="222"/>
        <source>infinite values in feature(s) {features}; counts must be finite numbers</source>
        <translation>要素 {features} 中有无穷大值；计数必须是有限数值</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="227"/>
        <source>negative values in feature(s) {features}; counts must be &gt;= 0</source>
        <translation>要素 {features} 中有负值；数量必须 &gt;= 0</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="231"/>
        <source>values above {maximum:,.0f} in feature(s) {features} (e.g. {value:,.0f}); no building holds that many — check the field and those features</source>
        <translation>要素 {features} 中有超过 {maximum:,.0f} 的值（例如 {value:,.0f}）；没有哪栋建筑能容纳这么多——请检查该字段和这些要素</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="236"/>
        <source>non-integer values in feature(s) {features}; households are whole numbers</source>
        <translation>要素 {features} 中有非整数值；户数必须是整数</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="251"/>
        <source>{n} building(s) have no value in the id field '{field}' (rows {rows}); they are kept and named by row; fill the field to tell them apart</source>
        <translation>{n} 栋楼的编号字段“{field}”为空（第 {rows} 行）；已保留并以行号命名；请填写该字段以便区分</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="263"/>
        <source>building id {id} is used by {n} features (rows {rows}); all are kept</source>
        <translation>楼栋编号 {id} 被 {n} 个要素使用（第 {rows} 行）；全部保留</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="351"/>
        <source>building id</source>
        <translation>楼栋编号</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="352"/>
        <source>dedicated site</source>
        <translation>专属场所</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="353"/>
        <source>locked grid</source>
        <translation>锁定网格</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="354"/>
        <source>previous grid</source>
        <translation>原网格</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="359"/>
        <source>buildings: no compound field '{field}'; compounds come from the compound polygons only</source>
        <translation>建筑：没有小区字段“{field}”；小区仅取自小区范围面</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="361"/>
        <source>buildings: no compound field '{field}'; every building is planned on its own</source>
        <translation>建筑：没有小区字段“{field}”；每栋建筑单独规划</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="383"/>
        <source>no population field; population estimated as {n} people per household</source>
        <translation>没有人口字段；按每户 {n} 人估算人口</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="391"/>
        <source>workload weight '{field}' ignored: the buildings layer has no field '{field}'</source>
        <translation>工作量权重“{field}”被忽略：楼栋图层没有字段“{field}”</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="422"/>
        <source>line geometry buffered by 1 m to make a footprint</source>
        <translation>线几何已缓冲 1 米生成轮廓</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="428"/>
        <source>no usable geometry: the building is kept in the output but cannot be placed in a grid</source>
        <translation>没有可用的几何：该楼栋保留在输出中，但无法划入网格</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="451"/>
        <source>same footprint as building {id}; both are kept and put in the same grid; check whether it is counted twice</source>
        <translation>与楼栋 {id} 轮廓相同；两者都保留并划入同一网格；请检查是否重复计数</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="462"/>
        <source>the layer is empty</source>
        <translation>图层为空</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="467"/>
        <source>no communities layer: the whole area is planned as one community (code {code})</source>
        <translation>没有社区图层：整个区域作为一个社区规划（代码 {code}）</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="473"/>
        <source>communities: no name field '{field}'</source>
        <translation>社区：没有名称字段“{field}”</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="478"/>
        <source>feature(s) {features} have no code</source>
        <translation>要素 {features} 没有代码</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="483"/>
        <source>feature(s) {features} have an empty code; give every community its code</source>
        <translation>要素 {features} 的代码为空；请为每个社区填写代码</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="489"/>
        <source>no feature has an area (every geometry is empty, a point or a line); communities must be polygons: give the community boundaries as polygons</source>
        <translation>没有任何要素有面积（所有几何都为空、点或线）；社区必须是面：请以面的形式给出社区边界</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="492"/>
        <source>communities: feature(s) {features} (code(s) {codes}) have no area (empty, points or lines) and are left out; their buildings go to the nearest community</source>
        <translation>社区：要素 {features}（代码 {codes}）没有面积（为空、点或线），已略去；其中的建筑归入最近的社区</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="504"/>
        <source>communities: features sharing a code were dissolved into one community</source>
        <translation>社区：代码相同的要素已融合为一个社区</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="520"/>
        <source>overlaps community {others} by {area:.0f} m²; it lies entirely inside communities of lower codes and gets no grids; its buildings are planned with those communities</source>
        <translation>与社区 {others} 重叠 {area:.0f} 平方米；它完全位于代码更小的社区内，不单独划分网格；其建筑随这些社区一起规划</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="522"/>
        <source>another</source>
        <translation>另一个社区</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="524"/>
        <source>overlaps community {others} by {area:.0f} m²; the overlap stays with the community of the lower code</source>
        <translation>与社区 {others} 重叠 {area:.0f} 平方米；重叠部分归代码更小的社区</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="535"/>
        <source>no community has a polygon (all are empty, points or lines); communities must be polygons</source>
        <translation>没有任何社区是面（全部为空、点或线）；社区必须是面</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="571"/>
        <source>outside every community; assigned to the nearest one, {code} ({distance:.0f} m away)</source>
        <translation>不在任何社区内；已划归最近的社区 {code}（相距 {distance:.0f} 米）</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="577"/>
        <source>outside every community (the nearest, {code}, is {distance:,.0f} m away); not placed in any grid: extend a community's polygon to cover it, or check its position and the layers' CRS</source>
        <translation>不在任何社区内（最近的社区 {code} 相距 {distance:,.0f} 米）；未划入任何网格：请扩展社区范围将其覆盖，或检查其位置和图层坐标系</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="587"/>
        <source>no building lies inside a community (or within {distance:.0f} m of one): check that the communities cover the buildings and that both layers have the right CRS</source>
        <translation>没有楼栋位于社区内（或距社区 {distance:.0f} 米以内）：请检查社区是否覆盖楼栋，以及两个图层的坐标系是否正确</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="591"/>
        <source>{n} building(s) lie more than {distance:.0f} m outside every community and are not placed (problems: outside_communities)</source>
        <translation>{n} 栋建筑位于所有社区之外超过 {distance:.0f} 米，未予安排（问题：outside_communities）</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="610"/>
        <source>water: {n} point feature(s) ignored; water must be areas (polygons) or river centre lines</source>
        <translation>水系：忽略 {n} 个点要素；水系必须是面或河道中心线</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="612"/>
        <source>water: {n} point feature(s) ignored; water must be areas (polygons) or river centre lines; no water barrier was used</source>
        <translation>水系：忽略 {n} 个点要素；水系必须是面或河道中心线；未使用任何水系边界</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="617"/>
        <source>hard barriers: {n} small gap(s) of the hard network closed (a hard road or river line ending within {distance:.0f} m of another: junctions drawn short, breaks at bridges and tunnels, dual carriageways and slip roads)</source>
        <translation>硬性边界：已闭合硬性边界网络中的 {n} 处小缺口（主干道或河道线的端点距另一条线不足 {distance:.0f} 米：如路口未画到头、桥梁和隧道处断开、双幅路和匝道）</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="630"/>
        <source>drawn across a hard barrier ({barrier}): the building counts on neither side of it, so its grid is not reported as crossing the barrier for it; check the building's or the road's position</source>
        <translation>跨越硬性边界（{barrier}）绘制：该楼栋不计入边界任何一侧，因此其网格不因它被报告为跨越边界；请检查楼栋或道路的位置</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="731"/>
        <source>compounds: the layer is empty; no building got a compound from it</source>
        <translation>小区：图层为空；没有建筑从中取得所属小区</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="738"/>
        <source>compounds: no id field '{field}' (fields: {available}); compounds named by feature id</source>
        <translation>小区：没有编号字段“{field}”（现有字段：{available}）；小区以要素编号命名</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="748"/>
        <source>holds no polygons; compounds must be areas</source>
        <translation>没有面要素；小区必须是面</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="751"/>
        <source>{n} compound feature(s) without an area ignored</source>
        <translation>忽略 {n} 个没有面积的小区要素</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="768"/>
        <source>{n} building(s) got their compound from {used} of {total} compound polygon(s) (the smallest polygon holding the building's point where they overlap); {own} kept the compound of their own field; {alone} lie in no compound polygon and stand alone</source>
        <translation>{n} 栋建筑从 {total} 个小区范围面中的 {used} 个取得所属小区（范围面重叠时取包含建筑点的最小面）；{own} 栋保留自身字段中的小区；{alone} 栋不在任何小区范围面内，单独规划</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="792"/>
        <source>road class</source>
        <translation>道路等级</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="795"/>
        <source>holds polygons; roads must be centre lines (LineString)</source>
        <translation>含有面要素；道路必须是中心线（LineString）</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="798"/>
        <source>roads: {n} point feature(s) ignored; roads must be centre lines (LineString)</source>
        <translation>道路：忽略 {n} 个点要素；道路必须是中心线（LineString）</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="800"/>
        <source>roads: {n} point feature(s) ignored; roads must be centre lines (LineString); no road was used</source>
        <translation>道路：忽略 {n} 个点要素；道路必须是中心线（LineString）；未使用任何道路</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="836"/>
        <source>footprint lies inside building {building}; both are kept and their households counted; check whether it is a duplicate or a structure within the building</source>
        <translation>建筑轮廓位于建筑 {building} 内；两者都保留并计入户数；请检查它是重复要素还是建筑内部的构筑物</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="862"/>
        <source>{code} ({area:.0f} m²)</source>
        <translation>{code}（{area:.0f} 平方米）</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="864"/>
        <source>footprint lies in communities {where}; placed whole in {code}, the one holding its representative point; split the building or correct the boundary if that is wrong</source>
        <translation>建筑轮廓跨越社区 {where}；已整体归入包含其代表点的社区 {code}；如有误，请拆分该建筑或修正社区边界</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="874"/>
        <source>--grid-count names community code(s) {unknown}, which no community has; the codes are: {codes}</source>
        <translation>--grid-count 指定的社区代码 {unknown} 不属于任何社区；现有代码为：{codes}</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="880"/>
        <source>communities: code(s) {codes} are not 12 digits; grid codes are made from them, but 'gridplanner export' checks codes against the 12-digit community code (6+3+3+3 layout): give the communities their 12-digit codes, or export with a --code-layout that fits</source>
        <translation>社区：代码 {codes} 不是 12 位；网格编码由其生成，但“gridplanner export”会按 12 位社区代码（6+3+3+3 结构）检查编码：请为社区填写 12 位代码，或导出时使用相符的 --code-layout</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="937"/>
        <source>a railway</source>
        <translation>一条铁路</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="937"/>
        <source>a {road_class} road</source>
        <translation>一条 {road_class} 级道路</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="951"/>
        <source>{name} (river)</source>
        <translation>{name}（河流）</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="952"/>
        <source>a river centre line</source>
        <translation>一条河道中心线</translation>
    </message>
    <message>
        <location filename="../algorithms/prepare.py" line="960"/>
        <source>a hard barrier line</source>
        <translation>一条硬性边界线</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="134"/>
        <source>the previous plan has no field '{field}' in its layer '{layer}': give a plan written by 'gridplanner plan' or 'replan'</source>
        <translation>上一版方案的图层“{layer}”中没有字段“{field}”：请提供由“gridplanner plan”或“replan”生成的方案</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="753"/>
        <source>the cap on households changing grid (--max-moved {share}) stops the repair: restoring the rules here moves {moved} households, {left} are left under the cap</source>
        <translation>调整户数上限（--max-moved {share}）阻止了此处的修复：恢复规则需要调整 {moved} 户，上限内仅剩 {left} 户</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="803"/>
        <source>in this repair area only (grids {grids}, {households} households), not the whole community: {why}</source>
        <translation>仅限本次修复区域（网格 {grids}，{households} 户），并非整个社区：{why}</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="868"/>
        <source>--max-moved must be a share between 0 and 1, not {value}</source>
        <translation>--max-moved 必须是 0 到 1 之间的比例，而不是 {value}</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="880"/>
        <source>no communities layer: the communities are the previous plan's (the union of its grids per community code)</source>
        <translation>未提供社区图层：沿用上一版方案的社区（按社区代码合并其网格）</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="902"/>
        <source>buildings matched to the previous plan's by footprint overlap (at least {share:.0%} of the smaller footprint)</source>
        <translation>建筑按轮廓重叠与上一版方案的建筑匹配（重叠至少占较小轮廓的 {share:.0%}）</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="1181"/>
        <source>its households now lie in {grids}</source>
        <translation>其住户现属于 {grids}</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="1182"/>
        <source>no building of it is left</source>
        <translation>其建筑已全部不存在</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="1240"/>
        <source>households moved to another grid: {moved} ({share:.1%} of last year's buildings' households)</source>
        <translation>调整到其他网格的户数：{moved}（占去年已有建筑户数的 {share:.1%}）</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="1243"/>
        <source>a fresh plan of the same inputs would move: {moved} ({share:.1%}); in band {band:.1%}, workload CV {cv:.1%}</source>
        <translation>同样输入重新规划将调整：{moved} 户（{share:.1%}）；达标率 {band:.1%}，工作量变异系数 {cv:.1%}</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="1247"/>
        <source>grids: {kept} kept, {changed} changed, {new} new; {retired} code(s) retired</source>
        <translation>网格：保留 {kept} 个，调整 {changed} 个，新增 {new} 个；停用编码 {retired} 个</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="1250"/>
        <source>buildings: {new} new, {changed} changed, {demolished} demolished (matched by {method})</source>
        <translation>建筑：新增 {new} 栋，变化 {changed} 栋，拆除 {demolished} 栋（匹配方式：{method}）</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="1254"/>
        <source>cap on households moved: {share:.1%}</source>
        <translation>调整户数上限：{share:.1%}</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="1288"/>
        <source>grey: kept; orange: changed; green: new; red: buildings that changed grid; dashed: retired grids</source>
        <translation>灰色：保留；橙色：调整；绿色：新增；红色：调整了网格的建筑；虚线：停用的网格</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="1315"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="1317"/>
        <source>What changed</source>
        <translation>变化情况</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="1318"/>
        <source>Map of the changes</source>
        <translation>变化地图</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="1320"/>
        <source>Grids that changed ({n})</source>
        <translation>有变化的网格（{n}）</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="1321"/>
        <source>Retired codes ({n})</source>
        <translation>停用的编码（{n}）</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="1322"/>
        <source>Summary of the new plan</source>
        <translation>新方案概要</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="1323"/>
        <source>Problems and repairs ({n})</source>
        <translation>问题与修复（{n}）</translation>
    </message>
    <message>
        <location filename="../algorithms/replan.py" line="1325"/>
        <source>Yearly review of the plan of {previous}: grids that still meet the rules and whose buildings did not change are kept; broken grids are repaired outward with the fewest households moved.</source>
        <translation>对 {previous} 的方案进行年度调整：仍符合规则且建筑未变化的网格保持不变；不符合规则的网格由内向外修复，尽量少调整住户。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="37"/>
        <source>{grids} ({basic} basic)</source>
        <translation>{grids}（基础网格 {basic}）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="39"/>
        <source>{share:.1f} % ({n} outside {minimum}–{maximum})</source>
        <translation>{share:.1f} %（{n} 个不在 {minimum}–{maximum} 内）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="45"/>
        <source>{share:.1f} % ({proven} outside are proven impossible, {avoidable} not)</source>
        <translation>{share:.1f} %（区间外的网格中 {proven} 个已证明无法达标，{avoidable} 个未证明）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="50"/>
        <source>{high:.0f} / {low:.0f} (ratio {ratio:.2f})</source>
        <translation>{high:.0f} / {low:.0f}（比值 {ratio:.2f}）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="55"/>
        <source>CV {cv:.1f} %, ratio {ratio:.2f}</source>
        <translation>变异系数 {cv:.1f} %，比值 {ratio:.2f}</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="60"/>
        <source>ratio {ratio:.2f}, CV {cv:.1f} % (with these grid counts: area means, largest buildings and compounds, units walled in by larger ones)</source>
        <translation>比值 {ratio:.2f}，变异系数 {cv:.1f} %（在这些网格数下：区域均值、最大的楼栋和小区、被更大单元围住的单元）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="65"/>
        <source>{n} ({avoidable} avoidable)</source>
        <translation>{n}（其中 {avoidable} 处可避免）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="82"/>
        <source> (widest {gap:.1f} / {overlap:.1f} mm, full precision, all communities</source>
        <translation>（最宽 {gap:.1f} / {overlap:.1f} 毫米，全精度，所有社区</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="86"/>
        <source>; grids within {deviation:.1f} mm of the community lines</source>
        <translation>；网格与社区边界的偏差在 {deviation:.1f} 毫米以内</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="100"/>
        <source>severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="100"/>
        <source>layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="100"/>
        <source>feature</source>
        <translation>要素</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="100"/>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="101"/>
        <source>message</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="235"/>
        <source>Grid plan</source>
        <translation>网格方案</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="261"/>
        <source>map of the grid plan</source>
        <translation>网格方案地图</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="263"/>
        <source>Households per grid</source>
        <translation>各网格户数</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="263"/>
        <source>histogram of households per grid</source>
        <translation>每个网格户数的直方图</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="268"/>
        <source>Grid Planner {version}, {created}, CRS {crs}, seed {seed}, band {minimum}–{maximum} (target {target}).</source>
        <translation>网格规划 {version}，{created}，坐标系 {crs}，随机种子 {seed}，户数区间 {minimum}–{maximum}（目标 {target}）。</translation>
    </message>
    <message>
        <location filename="../algorithms/rural.py" line="61"/>
        <source>unknown preset {preset}; known: {known}</source>
        <translation>未知的预设 {preset}；可用：{known}</translation>
    </message>
    <message>
        <location filename="../algorithms/rural.py" line="148"/>
        <source>village {village} alone has {households} households (&gt; max {maximum}); a village is never split without its buildings (give --buildings): a grid of its own that needs {workers} grid workers</source>
        <translation>自然村 {village} 单独就有 {households} 户（&gt; 最大 {maximum}）；没有建筑物数据时不拆分村庄（可提供 --buildings）：单独成为一个网格，需要 {workers} 名网格员</translation>
    </message>
    <message>
        <location filename="../algorithms/rural.py" line="177"/>
        <source>has no features</source>
        <translation>没有要素</translation>
    </message>
    <message>
        <location filename="../algorithms/rural.py" line="180"/>
        <source>area units must be polygons (natural villages or villagers' groups)</source>
        <translation>区域单元必须是面（自然村或村民小组）</translation>
    </message>
    <message>
        <location filename="../algorithms/rural.py" line="184"/>
        <source>has no features; leave --buildings out to plan whole villages, or give the buildings that split the villages above the maximum</source>
        <translation>没有要素；要按整村规划请去掉 --buildings，或给出用来拆分超过上限的村庄的建筑</translation>
    </message>
    <message>
        <location filename="../algorithms/rural.py" line="207"/>
        <source>has no households field {field}</source>
        <translation>没有户数字段 {field}</translation>
    </message>
    <message>
        <location filename="../algorithms/rural.py" line="209"/>
        <source>has no coordinate reference system; set one (e.g. in QGIS: Layer properties → Source)</source>
        <translation>没有坐标参考系；请先设置（例如在 QGIS 中：图层属性 → 源）</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="95"/>
        <source>households per community worker must be a range such as 150-200 (got {low}-{high})</source>
        <translation>每名社区工作者服务户数须为 150-200 这样的范围（给出的是 {low}-{high}）</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="98"/>
        <source>capacity unit must be grids or households (got {unit})</source>
        <translation>容量单位须为 grids（网格数）或 households（户数）（给出的是 {unit}）</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="103"/>
        <source>{option} must be a positive number (got {value})</source>
        <translation>{option} 必须是正数（实际为 {value}）</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="105"/>
        <source>{option} must be 0 or more (got {value})</source>
        <translation>{option} 必须大于等于 0（实际为 {value}）</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="137"/>
        <source>{what} must be a range such as 5-10 (got {text})</source>
        <translation>{what} 须为 5-10 这样的范围（给出的是 {text}）</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="219"/>
        <source>row {row}: community {community} is not in the plan (codes or names: {known})</source>
        <translation>第 {row} 行：社区 {community} 不在方案中（社区代码或名称：{known}）</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="230"/>
        <source>row {row}: {column} must be a positive number</source>
        <translation>第 {row} 行：{column} 须为正数</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="258"/>
        <source>roles taken as departments (officers grouped by department): {departments}</source>
        <translation>视为部门的角色（其人员按部门分组）：{departments}</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="267"/>
        <source>row {row}: role {role} is not a known role ({known}); it is taken as a department of {count} officer(s) — check the spelling</source>
        <translation>第 {row} 行：角色 {role} 不是已知角色（{known}），已视为一个有 {count} 名人员的部门——请检查拼写</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="274"/>
        <source>{count} person(s) have no home ({building} or {x} and {y} empty; rows {rows}): they are placed without distances</source>
        <translation>{count} 人没有住址（{building} 或 {x} 和 {y} 为空；第 {rows} 行）：分配时不考虑距离</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="313"/>
        <source>row {row}: previous grid {grid} is not in the plan; {name} is placed by distance</source>
        <translation>第 {row} 行：上一年度网格 {grid} 不在方案中；{name} 按距离安排</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="382"/>
        <source>no field {field}; the plan's road class field</source>
        <translation>没有字段 {field}（方案的道路等级字段）</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="476"/>
        <source>department {department} in community {community}: no grouping of its grids found within {seconds} s</source>
        <translation>社区 {community} 的部门 {department}：{seconds} 秒内未找到网格分组</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="492"/>
        <source>department {department} in community {community}: {count} grid(s) beyond the officers' capacity or reach</source>
        <translation>社区 {community} 的部门 {department}：有 {count} 个网格超出了人员的容量或覆盖范围</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="497"/>
        <source>department {department} in community {community}: the grouping stopped at its time limit of {seconds} s; its groups may differ between runs (raise --officer-seconds)</source>
        <translation>社区 {community} 的部门 {department}：分组计算达到 {seconds} 秒的时间上限而停止，各次运行的分组可能不同（可调高 --officer-seconds）</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="504"/>
        <source>department {department} in community {community}: the grids cannot be covered by contiguous groups without crossing a hard barrier; {count} of {officers} groups cross one</source>
        <translation>社区 {community} 的部门 {department}：不跨越硬边界就无法用连片的分组覆盖全部网格；{officers} 个分组中有 {count} 个跨越了硬边界</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="729"/>
        <source>grid {grid}: {assigned} of {needed} grid worker(s)</source>
        <translation>网格 {grid}：网格员 {assigned}/{needed} 名</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="735"/>
        <source>community {community}: {have} community worker(s), at least {need} needed (one per {low}–{high} households)</source>
        <translation>社区 {community}：社区工作者 {have} 名，至少需要 {need} 名（每 {low}–{high} 户一名）</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="741"/>
        <source>community {community}: {workers} community worker(s) for {residents} residents ({have} per 10,000), fewer than the {need} of {ratio} per 10,000</source>
        <translation>社区 {community}：{residents} 名居民有社区工作者 {workers} 名（每万人 {have} 名），少于每万人 {ratio} 名所要求的 {need} 名</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="750"/>
        <source>row {row}: {name} ({role}) has no grid: more workers than places in community {community}</source>
        <translation>第 {row} 行：{name}（{role}）未分配网格：社区 {community} 的人员多于岗位</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="759"/>
        <source>community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="761"/>
        <source>residents</source>
        <translation>居民数</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="762"/>
        <source>basic grids</source>
        <translation>基础网格</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="763"/>
        <source>dedicated grids</source>
        <translation>专属网格</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="764"/>
        <source>grid workers needed</source>
        <translation>需网格员</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="765"/>
        <source>grid workers assigned</source>
        <translation>已配网格员</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="766"/>
        <source>grid worker shortfall</source>
        <translation>网格员缺口</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="767"/>
        <source>community workers</source>
        <translation>社区工作者</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="768"/>
        <source>community workers needed (min)</source>
        <translation>需社区工作者（下限）</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="769"/>
        <source>community workers needed (max)</source>
        <translation>需社区工作者（上限）</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="770"/>
        <source>per 10,000 residents</source>
        <translation>每万名居民</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="771"/>
        <source>needed for residents</source>
        <translation>按居民数需</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="772"/>
        <source>officers: people/grids</source>
        <translation>部门人员：人数/网格数</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="802"/>
        <source>One full-time grid worker per basic grid, more for a grid above the maximum; dedicated grids are served by their site's own staff. Community workers: one per {low}–{high} households and at least {ratio} per 10,000 residents (residents = households × {pph} people per household). Distances: {distances}.</source>
        <translation>每个基础网格配一名专职网格员，超过上限的网格按户数增配；专属网格由所在单位自有人员负责。社区工作者：每 {low}–{high} 户一名，且每万名居民不少于 {ratio} 名（居民数 = 户数 × 每户 {pph} 人）。距离：{distances}。</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="807"/>
        <source>along the roads</source>
        <translation>沿道路</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="807"/>
        <source>straight lines</source>
        <translation>直线</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="811"/>
        <source>workers needed</source>
        <translation>需配人数</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="811"/>
        <source>workers assigned</source>
        <translation>已配人数</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="812"/>
        <source>grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="812"/>
        <source>officers</source>
        <translation>部门人员</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="812"/>
        <source>staffing</source>
        <translation>配备情况</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="814"/>
        <source>Staffing per community</source>
        <translation>各社区人员配备</translation>
    </message>
    <message>
        <location filename="../algorithms/staffing.py" line="815"/>
        <source>Shortfalls and notes</source>
        <translation>缺口与说明</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="62"/>
        <source>units</source>
        <translation>个单元</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="63"/>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="63"/>
        <source>under_min</source>
        <translation>低于下限</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="63"/>
        <source>over_max</source>
        <translation>超过上限</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="64"/>
        <source>single_unit_over_max</source>
        <translation>单个单元超过上限</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="65"/>
        <source>noncontiguous</source>
        <translation>不连续</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="65"/>
        <source>crosses_barrier</source>
        <translation>跨越障碍</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="66"/>
        <source>whole</source>
        <translation>完整</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="66"/>
        <source>split</source>
        <translation>被分割</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="66"/>
        <source>no_zone</source>
        <translation>不属于任何片区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="67"/>
        <source>two_zones</source>
        <translation>同属两个片区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="67"/>
        <source>partly_outside</source>
        <translation>部分在片区外</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="82"/>
        <source>unknown zone capacity measure {measure}; use units or households</source>
        <translation>未知的片区容量计量 {measure}；请使用 units（单元数）或 households（户数）</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="85"/>
        <source>a zone capacity is MIN-MAX (e.g. 3-6), got {text!r}</source>
        <translation>片区容量的格式为 最小-最大（如 3-6），收到的是 {text!r}</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="89"/>
        <source>a zone capacity needs 1 ≤ MIN ≤ MAX, got {text!r}</source>
        <translation>片区容量须满足 1 ≤ 最小 ≤ 最大，收到的是 {text!r}</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="100"/>
        <source>{low}–{high} units</source>
        <translation>{low}–{high} 个单元</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="101"/>
        <source>{low}–{high} households</source>
        <translation>{low}–{high} 户</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="136"/>
        <source>has no field {field} (the {what}); fields: {fields}</source>
        <translation>没有字段 {field}（{what}）；现有字段：{fields}</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="167"/>
        <source>unit id</source>
        <translation>单元编号</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="169"/>
        <source>area the zones must stay inside</source>
        <translation>片区不得超出的范围</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="171"/>
        <source>units that make a zone alone</source>
        <translation>单独成片的单元</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="176"/>
        <source>unit id {unit} appears {n} times; every unit needs its own id (field {field})</source>
        <translation>单元编号 {unit} 出现了 {n} 次；每个单元需要唯一编号（字段 {field}）</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="183"/>
        <source>unit {unit}: households {value!r} is not a count ≥ 0</source>
        <translation>单元 {unit}：户数 {value!r} 不是 ≥ 0 的整数</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="191"/>
        <source>unit {unit} has no geometry</source>
        <translation>单元 {unit} 没有几何</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="197"/>
        <source>{layer}: {n} invalid geometry(ies) repaired (units {units})</source>
        <translation>{layer}：已修复 {n} 个无效几何（单元 {units}）</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="201"/>
        <source>unit {unit} has no area; units must be polygons</source>
        <translation>单元 {unit} 面积为零；单元必须是面</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="249"/>
        <source>units {a} and {b} overlap by {area:.0f} m²; units must tile their area without overlaps (fix the layer, e.g. with QGIS's topology checker)</source>
        <translation>单元 {a} 与 {b} 重叠 {area:.0f} m²；单元必须无重叠地铺满其区域（请修正图层，例如使用 QGIS 的拓扑检查器）</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="264"/>
        <source>{layer}: the units leave {n} gap(s) between them (largest {area:.0f} m² near {x:.0f}, {y:.0f}); units across a gap are not neighbours</source>
        <translation>{layer}：单元之间留有 {n} 处空隙（最大 {area:.0f} m²，位于 {x:.0f}, {y:.0f} 附近）；隔着空隙的单元不算相邻</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="474"/>
        <source>{layer}: reprojected from {source} to the units' CRS {target}</source>
        <translation>{layer}：已从 {source} 重投影到单元的坐标系 {target}</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="479"/>
        <source>zone id</source>
        <translation>片区编号</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="486"/>
        <source>{layer} ({department}): {n} zone(s) without geometry ignored ({zones})</source>
        <translation>{layer}（{department}）：忽略 {n} 个没有几何的片区（{zones}）</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="609"/>
        <source>in no existing zone; joins the neighbouring zone {zone}</source>
        <translation>不在任何现有片区内；并入相邻片区 {zone}</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="616"/>
        <source>in no existing zone and touches none: a zone of its own</source>
        <translation>不在任何现有片区内且不与任何片区相邻：单独成为一个片区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="628"/>
        <source>zone {zone} leaves {within}: its part in {other} becomes a zone of its own</source>
        <translation>片区 {zone} 超出了 {within}：其位于 {other} 的部分单独成为一个片区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="646"/>
        <source>cut off from the rest of zone {zone}; joins the neighbouring zone {target}</source>
        <translation>与片区 {zone} 的其余部分不相连；并入相邻片区 {target}</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="650"/>
        <source>cut off from the rest of zone {zone} and touching no other zone: a zone of its own</source>
        <translation>与片区 {zone} 的其余部分不相连，且不与其他片区相邻：单独成为一个片区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="680"/>
        <source>zone {zone} holds {load} (&gt; max {maximum}); moves to the neighbouring zone {target}</source>
        <translation>片区 {zone} 容量为 {load}（&gt; 最大 {maximum}）；调整到相邻片区 {target}</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="705"/>
        <source>zone {zone} holds {load} (&lt; min {minimum}); joins it from the neighbouring zone {donor}</source>
        <translation>片区 {zone} 容量为 {load}（&lt; 最小 {minimum}）；从相邻片区 {donor} 调入</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="869"/>
        <source>the zone has {n} separate parts</source>
        <translation>该片区由 {n} 个互不相连的部分组成</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="871"/>
        <source>unit {unit} makes a zone alone</source>
        <translation>单元 {unit} 单独成为一个片区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="874"/>
        <source>unit {unit} alone holds {load} (&gt; max {maximum}); a unit is never split: a zone of its own</source>
        <translation>单元 {unit} 单独容量为 {load}（&gt; 最大 {maximum}）；单元不拆分：单独成为一个片区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="877"/>
        <source>{load} (&gt; max {maximum} {measure})</source>
        <translation>{load}（&gt; 最大 {maximum} {measure}）</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="880"/>
        <source>{load} (&lt; min {minimum} {measure})</source>
        <translation>{load}（&lt; 最小 {minimum} {measure}）</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="885"/>
        <source>its units meet only across {n} hard barrier(s)</source>
        <translation>其单元之间只能跨越 {n} 条硬性障碍相连</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="910"/>
        <source>department {name} is given twice</source>
        <translation>部门 {name} 重复给出</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="913"/>
        <source>{department}: a capacity in households needs the units' households (give --households-field)</source>
        <translation>{department}：按户数计的容量需要单元的户数（请给出 --households-field）</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="916"/>
        <source>the sliver share must be a fraction of a unit's area from 0 to below 1 (got {value})</source>
        <translation>碎片比例必须是单元面积的比例，取 0 到小于 1（实际为 {value}）</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="927"/>
        <source>{department}: the units marked to make a zone alone (--alone-field) are not made zones of their own when existing zones are reconciled; the marks apply to zones designed from scratch</source>
        <translation>{department}：协调现有分区时，标记为单独成片的单元（--alone-field）不会单独成片；该标记仅用于从头设计的分区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="932"/>
        <source>{department}: existing zones {a} and {b} overlap by {area:.0f} m²; units under the overlap are reported as in two zones and go to the zone holding most of them</source>
        <translation>{department}：现有片区 {a} 与 {b} 重叠 {area:.0f} m²；重叠处的单元报告为同属两个片区，并归入占其面积最多的片区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="963"/>
        <source>Capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="963"/>
        <source>Zones</source>
        <translation>片区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="964"/>
        <source>Zones within capacity</source>
        <translation>容量合规的片区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="964"/>
        <source>Units</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="965"/>
        <source>Units that changed zone</source>
        <translation>调整了片区的单元</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="968"/>
        <source>Existing zones</source>
        <translation>现有片区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="969"/>
        <source>Units split by a zone boundary</source>
        <translation>被片区边界分割的单元</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="970"/>
        <source>Households in split units</source>
        <translation>被分割单元中的户数</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="971"/>
        <source>Units in no zone</source>
        <translation>不属于任何片区的单元</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="972"/>
        <source>Units in two zones (zones overlap)</source>
        <translation>同属两个片区的单元（片区重叠）</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="973"/>
        <source>Units partly outside every zone</source>
        <translation>部分位于所有片区之外的单元</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="974"/>
        <source>Overlapping pairs of existing zones</source>
        <translation>相互重叠的现有片区对数</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="975"/>
        <source>Existing zones crossing community lines</source>
        <translation>跨社区边界的现有片区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="976"/>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="976"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="977"/>
        <source>Department {name}</source>
        <translation>部门 {name}</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="980"/>
        <source>{name}: units not whole in one existing zone</source>
        <translation>{name}：未完整落在一个现有片区内的单元</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="981"/>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="981"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="981"/>
        <source>Zones (share of area)</source>
        <translation>所在片区（面积占比）</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="984"/>
        <source>None: every unit lies in one zone.</source>
        <translation>无：每个单元都完整落在一个片区内。</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="987"/>
        <source>{name}: units that changed zone</source>
        <translation>{name}：调整了片区的单元</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="988"/>
        <source>Existing zone</source>
        <translation>现有片区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="988"/>
        <source>Proposed zone</source>
        <translation>建议片区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="989"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="993"/>
        <source>None: every unit keeps its zone.</source>
        <translation>无：每个单元都保留原片区。</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="997"/>
        <source>{name}: map</source>
        <translation>{name}：地图</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="998"/>
        <source>map of the zones</source>
        <translation>片区地图</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="999"/>
        <source>{name}: zones</source>
        <translation>{name}：片区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="1000"/>
        <source>Zone</source>
        <translation>片区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="1000"/>
        <source>Member units</source>
        <translation>所含单元</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="1007"/>
        <source>One network: each unit's zone in every department</source>
        <translation>一张网：每个单元在各部门所属的片区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="1012"/>
        <source>Notes</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="1013"/>
        <source>Zones made of whole units: {units} units, {households} households.</source>
        <translation>由完整单元组成的片区：{units} 个单元，{households} 户。</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="1027"/>
        <source>Zones (id / units); grey lines: units; red outline: outside capacity or in pieces</source>
        <translation>片区（编号 / 单元数）；灰线：单元；红色轮廓：超出容量或不连续</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="1047"/>
        <source>{what} is given twice for {department}</source>
        <translation>{department} 的 {what} 重复给出</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="1048"/>
        <source>every department</source>
        <translation>所有部门</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="1055"/>
        <source>existing zones</source>
        <translation>现有分区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="1055"/>
        <source>existing zones of {department}</source>
        <translation>{department} 的现有片区</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="1069"/>
        <source>with several --existing layers, name each: --existing police=FILE --existing urban=FILE</source>
        <translation>给出多个 --existing 图层时，请为每个命名：--existing police=文件 --existing urban=文件</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="1084"/>
        <source>no capacity for {department}: give --units-per-zone A-B or --households-per-zone A-B (or {department}=A-B)</source>
        <translation>{department} 没有容量：请给出 --units-per-zone A-B 或 --households-per-zone A-B（或 {department}=A-B）</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="1087"/>
        <source>{department} has both a units and a households capacity; give one</source>
        <translation>{department} 同时给出了单元数容量和户数容量；只能给一个</translation>
    </message>
    <message>
        <location filename="../algorithms/zones.py" line="1095"/>
        <source>a capacity names {names}, which no --existing layer is</source>
        <translation>容量中指定的 {names} 不是任何 --existing 图层的名称</translation>
    </message>
    <message>
        <location filename="../cli.py" line="49"/>
        <source>starting</source>
        <translation>启动</translation>
    </message>
    <message>
        <location filename="../cli.py" line="49"/>
        <source>loading the planner</source>
        <translation>加载规划程序</translation>
    </message>
    <message>
        <location filename="../cli.py" line="49"/>
        <source>reading the inputs</source>
        <translation>读取输入</translation>
    </message>
    <message>
        <location filename="../cli.py" line="50"/>
        <source>planning</source>
        <translation>规划</translation>
    </message>
    <message>
        <location filename="../cli.py" line="50"/>
        <source>writing the outputs</source>
        <translation>写出结果</translation>
    </message>
    <message>
        <location filename="../cli.py" line="50"/>
        <source>exporting the plan</source>
        <translation>导出方案</translation>
    </message>
    <message>
        <location filename="../cli.py" line="51"/>
        <source>evaluating the grids</source>
        <translation>评估网格</translation>
    </message>
    <message>
        <location filename="../cli.py" line="51"/>
        <source>preparing the OpenStreetMap layers</source>
        <translation>准备 OpenStreetMap 图层</translation>
    </message>
    <message>
        <location filename="../cli.py" line="52"/>
        <source>re-planning</source>
        <translation>重新规划</translation>
    </message>
    <message>
        <location filename="../cli.py" line="52"/>
        <source>making the zones</source>
        <translation>划分片区</translation>
    </message>
    <message>
        <location filename="../cli.py" line="52"/>
        <source>assigning the roster</source>
        <translation>分配人员名册</translation>
    </message>
    <message>
        <location filename="../cli.py" line="53"/>
        <source>grouping the households</source>
        <translation>对住户分组</translation>
    </message>
    <message>
        <location filename="../cli.py" line="59"/>
        <source>Grid Planner / 网格规划: propose community management grids (网格).</source>
        <translation>网格规划（Grid Planner）：为社区提出网格化管理的网格划分方案。</translation>
    </message>
    <message>
        <location filename="../cli.py" line="60"/>
        <source>print the version and exit</source>
        <translation>显示版本号并退出</translation>
    </message>
    <message>
        <location filename="../cli.py" line="63"/>
        <source>plan grids from buildings, roads and communities</source>
        <translation>根据建筑、道路和社区划分网格</translation>
    </message>
    <message>
        <location filename="../cli.py" line="64"/>
        <source>Plan grids of min–max households that tile each community, follow roads and rivers, keep buildings and compounds whole and balance workload. Inputs are paths to any OGR-readable file, optionally 'file.gpkg|layername=NAME'.</source>
        <translation>划分户数在下限至上限之间的网格：网格铺满每个社区、沿道路和河流划界、不拆分建筑和小区，并平衡工作量。输入为任何 OGR 可读文件的路径，可写作“file.gpkg|layername=图层名”。</translation>
    </message>
    <message>
        <location filename="../cli.py" line="67"/>
        <source>inputs and outputs</source>
        <translation>输入与输出</translation>
    </message>
    <message>
        <location filename="../cli.py" line="69"/>
        <source>the plan GeoPackage to write</source>
        <translation>要写出的方案 GeoPackage</translation>
    </message>
    <message>
        <location filename="../cli.py" line="70"/>
        <source>also write a self-contained HTML report here</source>
        <translation>另在此处写出一份独立的 HTML 报告</translation>
    </message>
    <message>
        <location filename="../cli.py" line="71"/>
        <source>replace existing output files</source>
        <translation>替换已存在的输出文件</translation>
    </message>
    <message>
        <location filename="../cli.py" line="73"/>
        <source>plan from polygons that tile each community (natural villages 自然村 or villagers' groups 村民小组, with a households field) instead of --buildings: grids are unions of whole villages</source>
        <translation>以铺满每个社区的面（自然村或村民小组，带户数字段）代替 --buildings 进行规划：网格由完整的村组合而成</translation>
    </message>
    <message>
        <location filename="../cli.py" line="78"/>
        <source>defaults of a kind of plan for the options not given: rural = 100–300 households, target 200 (docs/zones.md)</source>
        <translation>为未给出的选项采用某类方案的默认值：rural = 100–300 户，目标 200 户（见 docs/zones.md）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="80"/>
        <source>no progress bar</source>
        <translation>不显示进度条</translation>
    </message>
    <message>
        <location filename="../cli.py" line="82"/>
        <source>read and plan the buildings one community at a time, writing them to the plan as they are done, so that memory grows with the largest community, not the city (auto: from {n:,} buildings; not with --compounds, --area-units or without --communities, planned in memory)</source>
        <translation>逐个社区读取并规划建筑，每个社区完成后即写入规划，使内存占用随最大社区而非整个城市增长（auto：自 {n:,} 栋建筑起；使用 --compounds、--area-units 或未给出 --communities 时不适用，在内存中规划）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="101"/>
        <source>re-plan a street from last year's plan with the fewest changes (yearly review)</source>
        <translation>在去年方案基础上以最少调整重新规划街道（年度动态调整）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="102"/>
        <source>Keep every grid of the previous plan that still meets the rules and whose buildings did not change (same buildings, code and polygon); repair the grids that broke, outward from them, moving as few households as possible; list new, demolished and changed buildings, moved buildings and retired codes. Same options as 'plan'.</source>
        <translation>保留上一版方案中仍符合规则且建筑未变化的所有网格（建筑、编码和边界均不变）；从不符合规则的网格出发向外修复，尽量少调整住户；列出新增、拆除和变化的建筑、调整了网格的建筑以及停用的编码。其余选项与“plan”相同。</translation>
    </message>
    <message>
        <location filename="../cli.py" line="107"/>
        <source>last year's plan (a GeoPackage written by plan or replan)</source>
        <translation>去年的方案（由 plan 或 replan 生成的 GeoPackage）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="109"/>
        <source>the new plan GeoPackage to write</source>
        <translation>要写入的新方案 GeoPackage</translation>
    </message>
    <message>
        <location filename="../cli.py" line="110"/>
        <source>also write an HTML report of the changes here</source>
        <translation>同时在此写入变化情况的 HTML 报告</translation>
    </message>
    <message>
        <location filename="../cli.py" line="112"/>
        <source>the largest share (0–1) of households that may change grid (default: no cap)</source>
        <translation>允许调整网格的住户最大比例（0–1；默认不设上限）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="127"/>
        <source>replan needs --buildings: this year's building footprints (with households), the layer the previous plan is repaired for</source>
        <translation>replan 需要 --buildings：今年的建筑轮廓（含户数），即上一年规划据以修复的图层</translation>
    </message>
    <message>
        <location filename="../cli.py" line="159"/>
        <source>Grid plan written to {path}</source>
        <translation>网格方案已写入 {path}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="167"/>
        <source>Report written to {path}</source>
        <translation>报告已写入 {path}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="243"/>
        <source>{path} has no features: give a layer of units (a plan's grids, villages …)</source>
        <translation>{path} 没有要素：请给出单元图层（方案的网格、行政村等）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="255"/>
        <source>Zones — {name}</source>
        <translation>片区 — {name}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="261"/>
        <source>Zones written to {path}</source>
        <translation>片区已写入 {path}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="264"/>
        <source>  {department}: {zones} zones of {capacity}, {ok} within capacity, {changed} unit(s) changed zone</source>
        <translation>  {department}：{zones} 个片区（{capacity}），{ok} 个容量合规，{changed} 个单元调整了片区</translation>
    </message>
    <message>
        <location filename="../cli.py" line="269"/>
        <source>; audit of {zones} existing zones: {split} split unit(s) ({households} households), {none} in no zone, {two} in two, {crossing} zone(s) crossing community lines</source>
        <translation>；核查 {zones} 个现有片区：{split} 个单元被分割（{households} 户），{none} 个不属于任何片区，{two} 个同属两个片区，{crossing} 个片区跨社区边界</translation>
    </message>
    <message>
        <location filename="../cli.py" line="278"/>
        <source>  note: {note}</source>
        <translation>  说明：{note}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="287"/>
        <source>make the layers 'plan' reads from an OpenStreetMap file (.osm, .osm.pbf)</source>
        <translation>从 OpenStreetMap 文件（.osm、.osm.pbf）生成“plan”所需的图层</translation>
    </message>
    <message>
        <location filename="../cli.py" line="288"/>
        <source>Read an OpenStreetMap file and write a GeoPackage with the layers buildings (households estimated from footprint × floors), roads (and railways), water, waterway and compounds (residential areas), in the CGCS2000 Gauss-Krüger zone of the data. Data © OpenStreetMap contributors, ODbL.</source>
        <translation>读取 OpenStreetMap 文件，写出包含以下图层的 GeoPackage：buildings（建筑，户数按占地面积 × 层数估算）、roads（道路及铁路）、water（水域）、waterway（河道）和 compounds（小区/居住区），坐标参考系为数据所在的 CGCS2000 高斯-克吕格投影带。数据 © OpenStreetMap 贡献者，ODbL 许可。</translation>
    </message>
    <message>
        <location filename="../cli.py" line="292"/>
        <source>the OpenStreetMap file: .osm (XML), .osm.bz2 or .osm.pbf (only read)</source>
        <translation>OpenStreetMap 文件：.osm（XML）、.osm.bz2 或 .osm.pbf（只读）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="293"/>
        <source>the GeoPackage to write</source>
        <translation>要写出的 GeoPackage</translation>
    </message>
    <message>
        <location filename="../cli.py" line="294"/>
        <source>community polygons to copy into the output as 'communities' (buildings outside them are left out); default: none, the planner then plans the whole area as one community</source>
        <translation>复制到输出中作为“communities”图层的社区面（其外的建筑被略去）；默认无，此时整个区域作为一个社区规划</translation>
    </message>
    <message>
        <location filename="../cli.py" line="297"/>
        <source>output CRS (EPSG:xxxx, a PROJ string…); default: the CGCS2000 3-degree Gauss-Krüger zone of the data</source>
        <translation>输出坐标参考系（EPSG:xxxx、PROJ 字符串等）；默认为数据所在的 CGCS2000 3 度高斯-克吕格投影带</translation>
    </message>
    <message>
        <location filename="../cli.py" line="300"/>
        <source>floors of a building=TYPE without building:levels or height (TYPE '*': every type not listed); repeatable; defaults: apartments/residential 6, dormitory 5, mixed 4, yes 3, house 2, others 3</source>
        <translation>没有 building:levels 或 height 时 building=TYPE 的层数（TYPE 为“*”表示未列出的所有类型）；可重复；默认：apartments/residential 6 层，dormitory 5 层，mixed 4 层，yes 3 层，house 2 层，其他 3 层</translation>
    </message>
    <message>
        <location filename="../cli.py" line="303"/>
        <source>metres per floor for 'height' (3)</source>
        <translation>由“height”换算层数时的层高，米（3）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="304"/>
        <source>floor area per household, m² (90)</source>
        <translation>每户建筑面积，平方米（90）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="306"/>
        <source>share of a residential building's floor area that is dwellings (0.8)</source>
        <translation>住宅建筑面积中用于居住的比例（0.8）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="308"/>
        <source>replace an existing output</source>
        <translation>替换已存在的输出</translation>
    </message>
    <message>
        <location filename="../cli.py" line="320"/>
        <source>--default-floors expects TYPE=N, got {item!r}</source>
        <translation>--default-floors 应为 TYPE=N 形式，实际为 {item!r}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="332"/>
        <source>the layers are written as a GeoPackage</source>
        <translation>图层以 GeoPackage 格式写出</translation>
    </message>
    <message>
        <location filename="../cli.py" line="333"/>
        <source>the OpenStreetMap file</source>
        <translation>OpenStreetMap 文件</translation>
    </message>
    <message>
        <location filename="../cli.py" line="343"/>
        <source>writing {path}</source>
        <translation>写出 {path}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="347"/>
        <source>OpenStreetMap layers written to {path} ({crs}, {name})</source>
        <translation>OpenStreetMap 图层已写入 {path}（{crs}，{name}）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="350"/>
        <source>{layer}  {n} feature(s)</source>
        <translation>{layer}  {n} 个要素</translation>
    </message>
    <message>
        <location filename="../cli.py" line="351"/>
        <source>households   {households} in {buildings} residential building(s); floors from: {basis}</source>
        <translation>户数   {households} 户，分布在 {buildings} 栋住宅楼；层数来源：{basis}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="355"/>
        <source>note: {note}</source>
        <translation>说明：{note}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="356"/>
        <source>data: {attribution}</source>
        <translation>数据：{attribution}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="360"/>
        <source>Next:</source>
        <translation>下一步：</translation>
    </message>
    <message>
        <location filename="../cli.py" line="368"/>
        <source>export a plan for a governance system (codes, schema, CRS, formats, PostGIS)</source>
        <translation>为网格化治理系统导出方案（编码、字段方案、坐标参考系、格式、PostGIS）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="369"/>
        <source>Validate a plan written by 'gridplanner plan' and export its grids with a registration schema (WGBM 网格编码, WGMC 网格名称, …) to a file or a PostGIS table.</source>
        <translation>校验由“gridplanner plan”生成的方案，并按登记字段方案（WGBM 网格编码、WGMC 网格名称等）将其网格导出到文件或 PostGIS 表。</translation>
    </message>
    <message>
        <location filename="../cli.py" line="371"/>
        <source>the plan GeoPackage written by 'gridplanner plan'</source>
        <translation>由“gridplanner plan”生成的方案 GeoPackage</translation>
    </message>
    <message>
        <location filename="../cli.py" line="373"/>
        <source>output file, or for PostGIS a service name / postgresql:// URI (with --table)</source>
        <translation>输出文件；导出到 PostGIS 时为服务名或 postgresql:// URI（配合 --table）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="375"/>
        <source>default: from the output's suffix</source>
        <translation>默认：由输出文件的后缀决定</translation>
    </message>
    <message>
        <location filename="../cli.py" line="376"/>
        <source>cn (default), en, or a TOML/JSON profile file</source>
        <translation>cn（默认）、en，或 TOML/JSON 字段方案文件</translation>
    </message>
    <message>
        <location filename="../cli.py" line="378"/>
        <source>auto (keep; WGS 84 for GeoJSON/KML), keep, 4490, gk (CGCS2000 3-degree zone of the data), gcj02, bd09, wgs84, EPSG:xxxx or a PROJ string</source>
        <translation>auto（保持不变；GeoJSON/KML 用 WGS 84）、keep、4490、gk（数据所在的 CGCS2000 3 度带）、gcj02、bd09、wgs84、EPSG:xxxx 或 PROJ 字符串</translation>
    </message>
    <message>
        <location filename="../cli.py" line="380"/>
        <source>Shapefile/CSV text encoding: utf-8 or gbk</source>
        <translation>Shapefile/CSV 的文本编码：utf-8 或 gbk</translation>
    </message>
    <message>
        <location filename="../cli.py" line="381"/>
        <source>PostGIS table (NAME or SCHEMA.NAME)</source>
        <translation>PostGIS 数据表（表名或 模式.表名）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="382"/>
        <source>layer name (GeoPackage, KML, GeoJSON)</source>
        <translation>图层名（GeoPackage、KML、GeoJSON）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="384"/>
        <source>county+street+community+sequence digits of a grid code (default 6+3+3+3)</source>
        <translation>网格编码中区县+街道+社区+顺序号的位数（默认 6+3+3+3）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="386"/>
        <source>first sequence number of dedicated grids (e.g. 901) when re-numbering</source>
        <translation>重新编号时专属网格的起始顺序号（例如 901）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="388"/>
        <source>recompute the codes (west→east, then north→south) with --code-layout</source>
        <translation>按 --code-layout 重新计算编码（先自西向东，再自北向南）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="389"/>
        <source>previous plan: unchanged grids keep their codes (implies --renumber)</source>
        <translation>上一版方案：未变化的网格沿用原编码（隐含 --renumber）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="390"/>
        <source>community polygons to check the tiling against</source>
        <translation>用于检查网格是否铺满的社区面</translation>
    </message>
    <message>
        <location filename="../cli.py" line="391"/>
        <source>registration date YYYYMMDD (default: the plan's date)</source>
        <translation>登记日期 YYYYMMDD（默认：方案日期）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="392"/>
        <source>end/change date YYYYMMDD (default: empty)</source>
        <translation>终止/变更日期 YYYYMMDD（默认：空）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="393"/>
        <source>grids column holding the grid worker (网格员)</source>
        <translation>网格图层中记录网格员的字段</translation>
    </message>
    <message>
        <location filename="../cli.py" line="394"/>
        <source>export even if the plan fails validation</source>
        <translation>即使方案未通过校验也导出</translation>
    </message>
    <message>
        <location filename="../cli.py" line="395"/>
        <source>replace an existing file or table</source>
        <translation>替换已存在的文件或表</translation>
    </message>
    <message>
        <location filename="../cli.py" line="418"/>
        <source>measure an existing grid plan (households, band, barriers, gaps, overlaps)</source>
        <translation>评估现有网格方案（户数、户数区间、边界、缝隙、重叠）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="419"/>
        <source>Evaluate a grid layer the planner did not necessarily make: households, population and workload per grid, band status, parts, hard-barrier crossings, compound splits, compactness, overlaps, gaps and community-boundary crossings.</source>
        <translation>评估任意网格图层（不一定由本规划程序生成）：每个网格的户数、人口和工作量，户数区间状态，分块数，跨越硬性边界，小区拆分，紧凑度，重叠、缝隙和跨越社区边界的情况。</translation>
    </message>
    <message>
        <location filename="../cli.py" line="422"/>
        <source>the grid polygons to evaluate (any fields)</source>
        <translation>要评估的网格面（字段不限）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="423"/>
        <source>field naming each grid (default: grid_code or WGBM when present, else the feature id)</source>
        <translation>网格的名称字段（默认：有 grid_code 或 WGBM 时用之，否则用要素编号）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="426"/>
        <source>GeoPackage with the evaluated grids, buildings and problems</source>
        <translation>包含评估后的网格、建筑和问题的 GeoPackage</translation>
    </message>
    <message>
        <location filename="../cli.py" line="427"/>
        <source>HTML summary</source>
        <translation>HTML 摘要</translation>
    </message>
    <message>
        <location filename="../cli.py" line="440"/>
        <source>{help} (repeatable)</source>
        <translation>{help}（可重复）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="458"/>
        <source>fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../cli.py" line="458"/>
        <source>rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../cli.py" line="465"/>
        <source>{help} (default: %(default)s)</source>
        <translation>{help}（默认：%(default)s）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="486"/>
        <source>the evaluation is a GeoPackage</source>
        <translation>评估结果以 GeoPackage 格式保存</translation>
    </message>
    <message>
        <location filename="../cli.py" line="524"/>
        <source>Evaluation written to {path}</source>
        <translation>评估结果已写入 {path}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="553"/>
        <source>time</source>
        <translation>用时</translation>
    </message>
    <message>
        <location filename="../cli.py" line="559"/>
        <source>a plan is a GeoPackage</source>
        <translation>方案以 GeoPackage 格式保存</translation>
    </message>
    <message>
        <location filename="../cli.py" line="559"/>
        <source>zones are written as a GeoPackage</source>
        <translation>片区以 GeoPackage 格式写出</translation>
    </message>
    <message>
        <location filename="../cli.py" line="560"/>
        <source>a staffed plan is a GeoPackage</source>
        <translation>配员后的方案以 GeoPackage 格式保存</translation>
    </message>
    <message>
        <location filename="../cli.py" line="560"/>
        <source>micro-grids are a GeoPackage</source>
        <translation>微网格以 GeoPackage 格式保存</translation>
    </message>
    <message>
        <location filename="../cli.py" line="571"/>
        <source>{option} {path} is a folder; give a file name inside it, e.g. {example}</source>
        <translation>{option} {path} 是文件夹；请给出其中的文件名，例如 {example}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="578"/>
        <source>{option} {path}: {why}; give a name ending in {suffixes} (e.g. {example}); to publish the grids as a Shapefile, GeoJSON, KML or CSV, use 'gridplanner export PLAN.gpkg -o FILE'</source>
        <translation>{option} {path}：{why}；请给出以 {suffixes} 结尾的文件名（例如 {example}）；如需将网格发布为 Shapefile、GeoJSON、KML 或 CSV，请使用“gridplanner export PLAN.gpkg -o FILE”</translation>
    </message>
    <message>
        <location filename="../cli.py" line="581"/>
        <source>{option} {path}: {why}; give a name ending in {suffixes} (e.g. {example})</source>
        <translation>{option} {path}：{why}；请给出以 {suffixes} 结尾的文件名（例如 {example}）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="592"/>
        <source>--compounds is not used with --area-units (villages are planned whole); leave it out</source>
        <translation>--compounds 不能与 --area-units 一起使用（村庄整体规划）；请去掉该选项</translation>
    </message>
    <message>
        <location filename="../cli.py" line="594"/>
        <source>give --buildings (building footprints) or --area-units (villages that tile each community)</source>
        <translation>请给出 --buildings（建筑轮廓）或 --area-units（铺满各社区的村庄）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="703"/>
        <source>{n} grid(s) need a look (status and reason in the 'grids' layer; details in 'problems'):</source>
        <translation>{n} 个网格需要查看（状态和原因见 'grids' 图层；详情见 'problems'）：</translation>
    </message>
    <message>
        <location filename="../cli.py" line="788"/>
        <source>Staffing — {name}</source>
        <translation>人员配备 — {name}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="795"/>
        <source>Staffed plan written to {path}</source>
        <translation>已写出配备人员的方案：{path}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="796"/>
        <source>  grid workers: {assigned} of {needed} assigned; {short} grid(s) short; {officers} officer assignment(s); {seconds:.1f} s</source>
        <translation>  网格员：已配 {assigned}/{needed} 名；{short} 个网格缺员；部门人员分配 {officers} 条；{seconds:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../cli.py" line="801"/>
        <source>  community workers: {have} in the roster, {low}–{high} needed by households, {residents} by residents</source>
        <translation>  社区工作者：名单中 {have} 名，按户数需 {low}–{high} 名，按居民数需 {residents} 名</translation>
    </message>
    <message>
        <location filename="../cli.py" line="874"/>
        <source>Micro-grids — {name}</source>
        <translation>微网格 — {name}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="883"/>
        <source>Micro-grids written to {path}</source>
        <translation>已写出微网格：{path}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="884"/>
        <source>  {groups} groups in {grids} grids, {share} % within {low}–{high} households; {seconds:.1f} s</source>
        <translation>  {grids} 个网格内共 {groups} 个组，{share} % 在 {low}–{high} 户之间；{seconds:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../cli.py" line="889"/>
        <source>  {members} members linked to {linked} groups; households with a member: {share} %</source>
        <translation>  {members} 名党员联系 {linked} 个组；有党员联系的住户：{share} %</translation>
    </message>
    <message>
        <location filename="../cli.py" line="920"/>
        <source>the outputs were already complete: {names}</source>
        <translation>输出已经完整：{names}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="923"/>
        <source>nothing was written; {names} unchanged</source>
        <translation>未写入任何内容；{names} 保持不变</translation>
    </message>
    <message>
        <location filename="../cli.py" line="940"/>
        <source>interrupted; {what}</source>
        <translation>已中断；{what}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="943"/>
        <source>terminated; {what}</source>
        <translation>已终止；{what}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="974"/>
        <source>cannot load the planner ({error}); reinstall it (pip install -e . or the plugin ZIP) in a Python with its dependencies</source>
        <translation>无法加载规划程序（{error}）；请在装有其依赖的 Python 中重新安装（pip install -e . 或插件 ZIP 包）</translation>
    </message>
    <message>
        <location filename="../cli.py" line="980"/>
        <source>error: {error}</source>
        <translation>错误：{error}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="983"/>
        <source>out of memory while {step}; {outputs}; plan fewer communities at a time or use a machine with more memory</source>
        <translation>{step}时内存不足；{outputs}；请每次规划更少的社区，或换用内存更大的计算机</translation>
    </message>
    <message>
        <location filename="../cli.py" line="991"/>
        <source>internal error while {step}: {error}
  This is a bug in Grid Planner, not a problem it found in your data; {outputs}.
  Please report it at {url} with this message, the command line and, if you can, the input files (GRIDPLANNER_DEBUG=1 shows the traceback).</source>
        <translation>{step}时发生内部错误：{error}
  这是网格规划程序的缺陷，不是您数据中的问题；{outputs}。
  请到 {url} 报告此问题，附上这条消息、命令行，如有可能也附上输入文件（设置 GRIDPLANNER_DEBUG=1 可显示调用栈）。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/build_blocks.py" line="35"/>
        <source>Build blocks from roads</source>
        <translation>由道路生成街区</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/build_blocks.py" line="38"/>
        <source>blocks,街区,enclosures,tessellation,roads,道路,cells</source>
        <translation>街区,地块,道路,围合,剖分,单元,blocks,roads</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/build_blocks.py" line="41"/>
        <source>Cuts communities into blocks along roads and water, and blocks into building cells.</source>
        <translation>沿道路和水系将社区切分为街区，再将街区切分为建筑单元。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/build_blocks.py" line="45"/>
        <source>Shows the pieces &lt;i&gt;Plan grids&lt;/i&gt; builds its grids from, so that you can check them before planning: the same inputs and parameters give the same pieces.</source>
        <translation>展示&lt;i&gt;规划网格&lt;/i&gt;用来拼合网格的基本单元，便于在规划前检查：相同的输入和参数得到相同的单元。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/build_blocks.py" line="47"/>
        <source>&lt;b&gt;Blocks&lt;/b&gt;: each community cut by every road, river line and water edge (momepy enclosures). A block is land (it holds buildings), empty or water.</source>
        <translation>&lt;b&gt;街区&lt;/b&gt;：每个社区被所有道路、河流中心线和水域边界切分而成的地块（momepy 围合）。街区分为有建筑的用地（land）、空地（empty）和水域（water）。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/build_blocks.py" line="49"/>
        <source>&lt;b&gt;Cells&lt;/b&gt;: each block divided among the groups of buildings it holds — a compound (小区), a dedicated site, or a small cluster of stand-alone buildings — by an enclosed tessellation. Cells tile the community; a grid is always a union of whole cells. A compound larger than the maximum households is split into parts.</source>
        <translation>&lt;b&gt;建筑单元&lt;/b&gt;：按街区内的建筑组——一个小区、一个专属场所，或若干独立建筑组成的小簇——用围合剖分（enclosed tessellation）划分街区。单元无缝覆盖社区，网格总是由完整的单元拼成。户数超过上限的小区会被拆成几部分。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/build_blocks.py" line="53"/>
        <source>Each cell lists its households, workload, number of neighbours and how many of them lie across a hard barrier (a road of the hard classes, or water).</source>
        <translation>每个单元列出户数、工作量、相邻单元数，以及其中隔着不可跨越障碍（不可跨越等级的道路或水系）的相邻单元数。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/build_blocks.py" line="62"/>
        <source>Blocks</source>
        <translation>街区</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/build_blocks.py" line="64"/>
        <source>Building cells</source>
        <translation>建筑单元</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/build_blocks.py" line="65"/>
        <source>Number of blocks</source>
        <translation>街区数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/build_blocks.py" line="66"/>
        <source>Number of cells</source>
        <translation>单元数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/build_blocks.py" line="79"/>
        <source>Reading layers…</source>
        <translation>正在读取图层…</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/build_blocks.py" line="98"/>
        <source>Writing results…</source>
        <translation>正在写出结果…</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/build_blocks.py" line="109"/>
        <source>{blocks} blocks, {cells} cells.</source>
        <translation>{blocks} 个街区，{cells} 个单元。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/common.py" line="175"/>
        <source>Workload weights (*.toml *.json)</source>
        <translation>工作量权重文件 (*.toml *.json)</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/common.py" line="201"/>
        <source>The households per grid must satisfy minimum ≤ target ≤ maximum (got {low}, {target}, {high}).</source>
        <translation>每格户数须满足 最少 ≤ 目标 ≤ 最多（当前为 {low}、{target}、{high}）。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/common.py" line="230"/>
        <source>Choose the {label}.</source>
        <translation>请选择{label}。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/common.py" line="235"/>
        <source>The layer has no field “{field}” ({label}); choose the field that holds it.</source>
        <translation>图层中没有字段“{field}”（{label}），请选择存放该数据的字段。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/common.py" line="238"/>
        <source>Field “{field}” ({label}) not found; it is not used.</source>
        <translation>未找到字段“{field}”（{label}），将不使用该字段。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/common.py" line="356"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消，未写出任何结果。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="58"/>
        <source>Estimate households</source>
        <translation>估算户数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="61"/>
        <source>households,户数,population,人口,estimate,估算,floors,footprint,OpenStreetMap</source>
        <translation>户数,人口,估算,楼层,建筑轮廓,households,population,OpenStreetMap</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="64"/>
        <source>Estimates households and population of buildings from footprint area and floors.</source>
        <translation>根据建筑基底面积和层数估算每栋建筑的户数和人口。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="68"/>
        <source>For areas where only building footprints are known (for example from OpenStreetMap): estimates the households and population of each building so that &lt;i&gt;Plan grids&lt;/i&gt; can run. Known counts are kept.</source>
        <translation>适用于只有建筑轮廓的地区（例如来自 OpenStreetMap）：估算每栋建筑的户数和人口，以便运行&lt;i&gt;规划网格&lt;/i&gt;。已知的数值保持不变。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="71"/>
        <source>&lt;b&gt;Floor area&lt;/b&gt; = footprint area (measured in metres) × floors. Floors come from the &lt;b&gt;floors field&lt;/b&gt;, else from the &lt;b&gt;height field&lt;/b&gt; ÷ storey height, else the default number of floors.</source>
        <translation>&lt;b&gt;建筑面积&lt;/b&gt; = 基底面积（以米为单位计算）× 层数。层数取自&lt;b&gt;层数字段&lt;/b&gt;；没有时用&lt;b&gt;高度字段&lt;/b&gt; ÷ 层高；再没有时用默认层数。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="74"/>
        <source>&lt;b&gt;Households&lt;/b&gt; = floor area × residential share ÷ mean dwelling size, rounded. &lt;b&gt;Population&lt;/b&gt; = households × people per household. With a &lt;b&gt;use field&lt;/b&gt;, only buildings whose use is one of the residential values get households (others get 0).</source>
        <translation>&lt;b&gt;户数&lt;/b&gt; = 建筑面积 × 住宅比例 ÷ 平均套型面积，四舍五入。&lt;b&gt;人口&lt;/b&gt; = 户数 × 户均人口。指定&lt;b&gt;用途字段&lt;/b&gt;时，只有用途属于住宅取值的建筑才计算户数（其他建筑为 0）。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="77"/>
        <source>&lt;b&gt;Known counts&lt;/b&gt;: a building that already has households keeps them; only empty values are filled, and zeros too when &lt;b&gt;also replace zeros&lt;/b&gt; is ticked. Missing population is filled from households.</source>
        <translation>&lt;b&gt;已知数值&lt;/b&gt;：已有户数的建筑保持原值；只填补空值，勾选&lt;b&gt;同时替换零值&lt;/b&gt;时也填补 0。缺失的人口按户数推算。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="80"/>
        <source>&lt;b&gt;Output&lt;/b&gt;: a copy of the buildings with the households and population fields filled, the floor area (floor_area_m2) and where each count comes from (hh_source: known, estimated, estimated_default_floors, not_residential, no_footprint). The input layer is not changed.</source>
        <translation>&lt;b&gt;输出&lt;/b&gt;：建筑图层的副本，填好户数和人口字段，并附建筑面积（floor_area_m2）和每个数值的来源（hh_source：known 已知、estimated 估算、estimated_default_floors 按默认层数估算、not_residential 非住宅、no_footprint 无轮廓）。输入图层不会被修改。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="90"/>
        <source>Households field (kept where known, created when absent)</source>
        <translation>户数字段（已知值保留，字段不存在时新建）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="93"/>
        <source>Population field (kept where known, created when absent)</source>
        <translation>人口字段（已知值保留，字段不存在时新建）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="95"/>
        <source>Floors field</source>
        <translation>层数字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="96"/>
        <source>Height field (metres)</source>
        <translation>高度字段（米）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="97"/>
        <source>Use field (building type)</source>
        <translation>用途字段（建筑类型）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="99"/>
        <source>Residential use values (comma-separated)</source>
        <translation>住宅用途取值（逗号分隔）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="104"/>
        <source>Residential share of the floor area</source>
        <translation>建筑面积中住宅所占比例</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="105"/>
        <source>Mean dwelling size (m² of floor area)</source>
        <translation>平均套型面积（建筑面积，平方米）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="107"/>
        <source>Storey height (metres)</source>
        <translation>层高（米）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="108"/>
        <source>Floors when unknown</source>
        <translation>层数未知时的默认层数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="113"/>
        <source>Also replace zeros</source>
        <translation>同时替换零值</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="115"/>
        <source>Buildings with households</source>
        <translation>含户数的建筑</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="116"/>
        <source>Buildings estimated</source>
        <translation>估算的建筑数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="117"/>
        <source>Households in total</source>
        <translation>总户数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="132"/>
        <source>floors field</source>
        <translation>层数字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="134"/>
        <source>height field</source>
        <translation>高度字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="135"/>
        <source>use field</source>
        <translation>用途字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="145"/>
        <source>Estimating…</source>
        <translation>正在估算…</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/estimate_households.py" line="168"/>
        <source>{n} buildings estimated; {total} households in total.</source>
        <translation>估算了 {n} 栋建筑；共 {total} 户。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/evaluate_plan.py" line="44"/>
        <source>Evaluate grid plan</source>
        <translation>评估网格方案</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/evaluate_plan.py" line="47"/>
        <source>grid,网格,evaluate,check,评估,检查,households,gaps,overlaps</source>
        <translation>网格,评估,检查,户数,缝隙,重叠,grid,evaluate</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/evaluate_plan.py" line="50"/>
        <source>Checks an existing grid layer: households, workload, band, barriers, gaps and overlaps.</source>
        <translation>检查现有网格图层：户数、工作量、规模区间、障碍跨越、缝隙和重叠。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/evaluate_plan.py" line="54"/>
        <source>Measures an existing grid plan — drawn by hand, made by an older tool or by &lt;i&gt;Plan grids&lt;/i&gt; — against the rules of a good plan, with the same measures as the planner.</source>
        <translation>用与规划器相同的指标，衡量一个现有网格方案——手工绘制的、旧工具生成的或&lt;i&gt;规划网格&lt;/i&gt;生成的——是否符合好方案的规则。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/evaluate_plan.py" line="57"/>
        <source>&lt;b&gt;Grids&lt;/b&gt;: polygons with any fields; the &lt;b&gt;grid id field&lt;/b&gt; names each grid in the results (default: grid_code or WGBM when present, else the feature id). Grids with grid_kind = dedicated or WGLX = 专属 are dedicated grids and have no household band. &lt;b&gt;Buildings&lt;/b&gt; are counted in the grid that holds a point of their footprint.</source>
        <translation>&lt;b&gt;网格&lt;/b&gt;：任意字段的面图层；&lt;b&gt;网格编号字段&lt;/b&gt;用于在结果中标识每个网格（默认：有 grid_code 或 WGBM 时用它，否则用要素 ID）。grid_kind = dedicated 或 WGLX = 专属 的网格视为专属网格，不检查户数区间。&lt;b&gt;建筑&lt;/b&gt;计入包含其轮廓上一点的网格。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/evaluate_plan.py" line="61"/>
        <source>&lt;b&gt;Per grid&lt;/b&gt;: households, population, workload, number of buildings, area, compactness (Polsby–Popper), parts (1 = contiguous), hard-barrier crossings (its buildings lie on both sides of a major road or river), compounds split more than needed, area overlapping other grids and area outside its community; a status (the most serious issue) and the reason in words.</source>
        <translation>&lt;b&gt;每个网格&lt;/b&gt;：户数、人口、工作量、建筑数、面积、紧凑度（Polsby–Popper）、组成部分数（1 表示连片）、不可跨越障碍的跨越数（其建筑分布在主干道或河流两侧）、被不必要拆分的小区数、与其他网格重叠的面积、超出所属社区的面积；以及状态（最严重的问题）和文字说明的原因。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/evaluate_plan.py" line="66"/>
        <source>&lt;b&gt;Communities&lt;/b&gt; (optional): land of a community in no grid is reported as a gap, with its outline in the problems layer; without communities only holes enclosed by the grids count as gaps. Buildings in no grid are reported one by one.</source>
        <translation>&lt;b&gt;社区&lt;/b&gt;（可选）：社区内不属于任何网格的区域作为缝隙报告，其轮廓放入问题图层；不提供社区时，只把网格围合的空洞算作缝隙。不在任何网格内的建筑逐一报告。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/evaluate_plan.py" line="69"/>
        <source>&lt;b&gt;Outputs&lt;/b&gt;: the evaluated grids (styled: grids that need a look are hatched in red), the problems as points, and an HTML summary with a map.</source>
        <translation>&lt;b&gt;输出&lt;/b&gt;：评估后的网格（已设置样式：需要关注的网格以红色斜线填充）、以点表示的问题，以及带地图的 HTML 摘要。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/evaluate_plan.py" line="75"/>
        <source>Grids to evaluate</source>
        <translation>待评估的网格</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/evaluate_plan.py" line="76"/>
        <source>Grid id field</source>
        <translation>网格编号字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/evaluate_plan.py" line="81"/>
        <source>Evaluated grids</source>
        <translation>评估后的网格</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/evaluate_plan.py" line="83"/>
        <source>Problems</source>
        <translation>问题清单</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/evaluate_plan.py" line="85"/>
        <source>HTML files (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/evaluate_plan.py" line="87"/>
        <source>Share of grids within the band</source>
        <translation>户数在区间内的网格比例</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/evaluate_plan.py" line="88"/>
        <source>Overlaps (m²)</source>
        <translation>重叠（平方米）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/evaluate_plan.py" line="103"/>
        <source>grid id field</source>
        <translation>网格编号字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/evaluate_plan.py" line="142"/>
        <source>{grids} grids evaluated; {bad} need a look; gaps {gap:.0f} m², overlaps {overlap:.0f} m².</source>
        <translation>评估了 {grids} 个网格；{bad} 个需要关注；缝隙 {gap:.0f} 平方米，重叠 {overlap:.0f} 平方米。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="61"/>
        <source>Export for governance</source>
        <translation>导出网格登记数据</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="64"/>
        <source>export,registration,网格编码,WGBM,GCJ-02,BD-09,CGCS2000,PostGIS,Shapefile</source>
        <translation>导出,登记,网格编码,WGBM,火星坐标,GCJ-02,百度坐标,BD-09,CGCS2000,PostGIS,Shapefile</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="67"/>
        <source>Validates a grid plan and exports it with a registration schema and coordinate system.</source>
        <translation>校验网格方案，并按登记字段规范和坐标系导出。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="71"/>
        <source>Exports the grids of a plan written by &lt;i&gt;Plan grids&lt;/i&gt; or &lt;i&gt;gridplanner plan&lt;/i&gt; (a GeoPackage with the layers grids and buildings) for registration in a governance platform.</source>
        <translation>导出由&lt;i&gt;规划网格&lt;/i&gt;或 &lt;i&gt;gridplanner plan&lt;/i&gt; 生成的方案（含 grids 和 buildings 图层的 GeoPackage）中的网格，用于在基层治理平台登记入库。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="75"/>
        <source>&lt;b&gt;Safety&lt;/b&gt;: the plan is checked first: households within the band, every grid in one piece, grids tiling each community without gap or overlap, every building in a grid, grid codes unique, of the right length and starting with their community code. An invalid plan is refused with the reasons unless &lt;i&gt;Export even if the plan fails the checks&lt;/i&gt; is ticked. An existing file or table is only replaced when asked.</source>
        <translation>&lt;b&gt;安全&lt;/b&gt;：先校验方案：户数在规定范围内，每个网格连成一片，网格无缝隙、无重叠地覆盖各社区，每栋楼都属于某个网格，网格编码唯一、位数正确且以所属社区代码开头。不合格的方案会被拒绝并说明原因，除非勾选&lt;i&gt;方案未通过校验也导出&lt;/i&gt;。已存在的文件或数据表只有在要求时才会被替换。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="82"/>
        <source>&lt;b&gt;Schema&lt;/b&gt;: &lt;i&gt;cn&lt;/i&gt; writes the Chinese registration fields (WGBM 网格编码, WGMC 网格名称, SZSQDM 所属社区代码, SZJDDM 所在街道代码, WGLX 网格类型, HS 户数, RK 人口, MJ 面积, WGY 网格员, CSRQ 初始日期, ZZRQ 终止日期); &lt;i&gt;en&lt;/i&gt; plain English names. A profile file (TOML or JSON) can rename, drop and add fields.</source>
        <translation>&lt;b&gt;字段规范&lt;/b&gt;：&lt;i&gt;cn&lt;/i&gt; 输出中文登记字段（WGBM 网格编码、WGMC 网格名称、SZSQDM 所属社区代码、SZJDDM 所在街道代码、WGLX 网格类型、HS 户数、RK 人口、MJ 面积、WGY 网格员、CSRQ 初始日期、ZZRQ 终止日期）；&lt;i&gt;en&lt;/i&gt; 使用英文字段名。可用配置文件（TOML 或 JSON）重命名、删除和增加字段。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="88"/>
        <source>&lt;b&gt;Coordinates&lt;/b&gt;: automatic (the plan's CRS; WGS 84 for GeoJSON and KML), the plan's CRS, CGCS2000 geographic (EPSG:4490), the CGCS2000 3-degree Gauss-Krüger zone of the data, GCJ-02 (AMap, Tencent) or BD-09 (Baidu) for web maps, or any other CRS.</source>
        <translation>&lt;b&gt;坐标系&lt;/b&gt;：自动（沿用方案的坐标系；GeoJSON 和 KML 使用 WGS 84）、沿用方案的坐标系、CGCS2000 地理坐标（EPSG:4490）、数据所在的 CGCS2000 高斯-克吕格 3 度带、用于互联网地图的 GCJ-02（高德、腾讯）或 BD-09（百度），或任意其他坐标系。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="93"/>
        <source>&lt;b&gt;Output&lt;/b&gt;: a GeoPackage, Shapefile (with a .cpg, UTF-8 or GBK), GeoJSON, KML or CSV (geometry as WKT) file, or a PostGIS table: give a service name or postgresql:// URI and a table name. Passwords are never shown; the table is replaced in one transaction.</source>
        <translation>&lt;b&gt;输出&lt;/b&gt;：GeoPackage、Shapefile（带 .cpg，UTF-8 或 GBK 编码）、GeoJSON、KML 或 CSV（几何为 WKT）文件，或 PostGIS 数据表：填写服务名或 postgresql:// 连接地址以及表名。密码不会显示；数据表在一个事务内替换。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="103"/>
        <source>Plan (GeoPackage written by Plan grids)</source>
        <translation>网格方案（由“规划网格”生成的 GeoPackage）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="104"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="106"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="107"/>
        <source>GeoPackage</source>
        <translation>GeoPackage</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="107"/>
        <source>Shapefile</source>
        <translation>Shapefile</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="107"/>
        <source>GeoJSON</source>
        <translation>GeoJSON</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="107"/>
        <source>KML</source>
        <translation>KML</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="107"/>
        <source>CSV (WKT geometry)</source>
        <translation>CSV（WKT 几何）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="108"/>
        <source>PostGIS table</source>
        <translation>PostGIS 数据表</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="111"/>
        <source>Schema</source>
        <translation>字段规范</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="111"/>
        <source>Chinese registration schema (WGBM, WGMC, …)</source>
        <translation>中文登记字段（WGBM、WGMC 等）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="111"/>
        <source>English field names</source>
        <translation>英文字段名</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="114"/>
        <source>Profile file (replaces the schema above)</source>
        <translation>字段配置文件（替代上面的字段规范）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="115"/>
        <source>Profiles (*.toml *.json)</source>
        <translation>字段配置文件 (*.toml *.json)</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="117"/>
        <source>Coordinates</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="118"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="118"/>
        <source>Keep the plan's CRS</source>
        <translation>沿用方案的坐标系</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="118"/>
        <source>CGCS2000 geographic (EPSG:4490)</source>
        <translation>CGCS2000 地理坐标（EPSG:4490）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="119"/>
        <source>CGCS2000 3-degree Gauss-Krüger zone of the data</source>
        <translation>数据所在的 CGCS2000 高斯-克吕格 3 度带</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="119"/>
        <source>GCJ-02 (AMap, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="120"/>
        <source>BD-09 (Baidu)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="120"/>
        <source>Other CRS (below)</source>
        <translation>其他坐标系（见下）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="122"/>
        <source>Other CRS</source>
        <translation>其他坐标系</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="124"/>
        <source>Text encoding (Shapefile, CSV)</source>
        <translation>文字编码（Shapefile、CSV）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="126"/>
        <source>PostgreSQL service name or URI (PostGIS only)</source>
        <translation>PostgreSQL 服务名或连接地址（仅 PostGIS）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="130"/>
        <source>Export even if the plan fails the checks</source>
        <translation>方案未通过校验也导出</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="132"/>
        <source>Replace an existing file or table</source>
        <translation>替换已存在的文件或数据表</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="134"/>
        <source>Output file</source>
        <translation>输出文件</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="135"/>
        <source>GeoPackage (*.gpkg);;Shapefile (*.shp);;GeoJSON (*.geojson);;KML (*.kml);;CSV (*.csv)</source>
        <translation>GeoPackage (*.gpkg);;Shapefile (*.shp);;GeoJSON (*.geojson);;KML (*.kml);;CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="137"/>
        <source>Where the grids were written</source>
        <translation>网格写入位置</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="138"/>
        <source>Number of grids</source>
        <translation>网格数量</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="139"/>
        <source>Number of issues found by the checks</source>
        <translation>校验发现的问题数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="182"/>
        <source>Choose the other CRS.</source>
        <translation>请选择其他坐标系。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="187"/>
        <source>Give the PostgreSQL service name or URI.</source>
        <translation>请填写 PostgreSQL 服务名或连接地址。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="191"/>
        <source>Choose the output file.</source>
        <translation>请选择输出文件。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="196"/>
        <source>Checking and exporting the plan…</source>
        <translation>正在校验并导出方案…</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/load_osm_roads.py" line="44"/>
        <source>Load roads from OpenStreetMap</source>
        <translation>从 OpenStreetMap 加载道路</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/load_osm_roads.py" line="47"/>
        <source>OpenStreetMap,OSM,osmnx,roads,道路,highway,pbf,graphml,download</source>
        <translation>OpenStreetMap,OSM,osmnx,道路,路网,highway,pbf,graphml,下载</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/load_osm_roads.py" line="50"/>
        <source>Road centre lines with their OpenStreetMap highway class, ready for Plan grids.</source>
        <translation>带 OpenStreetMap highway 等级的道路中心线，可直接用于规划网格。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/load_osm_roads.py" line="54"/>
        <source>Reads roads from OpenStreetMap through osmnx and writes them as lines with the fields &lt;b&gt;highway&lt;/b&gt; (the road class; the first one when OpenStreetMap gives several), &lt;b&gt;name&lt;/b&gt;, &lt;b&gt;oneway&lt;/b&gt; and &lt;b&gt;osmid&lt;/b&gt;, ready to be the roads of &lt;i&gt;Plan grids&lt;/i&gt;. Road segments run from junction to junction and never mix two road classes.</source>
        <translation>通过 osmnx 读取 OpenStreetMap 道路，输出线图层，字段为 &lt;b&gt;highway&lt;/b&gt;（道路等级；OpenStreetMap 给出多个值时取第一个）、&lt;b&gt;name&lt;/b&gt;、&lt;b&gt;oneway&lt;/b&gt; 和 &lt;b&gt;osmid&lt;/b&gt;，可直接作为&lt;i&gt;规划网格&lt;/i&gt;的道路。路段从路口到路口，不会混合两种道路等级。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/load_osm_roads.py" line="58"/>
        <source>&lt;b&gt;Offline&lt;/b&gt;: choose an OpenStreetMap file — .osm (XML, e.g. exported from openstreetmap.org or JOSM), .osm.pbf (an extract such as Geofabrik's; needs the Python package osmium) or .graphml (saved by osmnx). Every way with a highway tag is kept.</source>
        <translation>&lt;b&gt;离线&lt;/b&gt;：选择 OpenStreetMap 文件——.osm（XML，例如从 openstreetmap.org 或 JOSM 导出）、.osm.pbf（如 Geofabrik 的区域数据；需要 Python 包 osmium）或 .graphml（osmnx 保存的文件）。所有带 highway 标签的路都会保留。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/load_osm_roads.py" line="61"/>
        <source>&lt;b&gt;Online&lt;/b&gt;: leave the file empty and give an &lt;b&gt;extent&lt;/b&gt; (e.g. of the communities layer); the roads are downloaded from the Overpass API for that extent. The network type chooses which roads (all keeps footpaths and service roads, which often bound compounds).</source>
        <translation>&lt;b&gt;在线&lt;/b&gt;：文件留空并给出&lt;b&gt;范围&lt;/b&gt;（例如社区图层的范围），将从 Overpass API 下载该范围内的道路。路网类型决定下载哪些道路（all 会保留步行道和内部道路，它们常常是小区的边界）。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/load_osm_roads.py" line="65"/>
        <source>&lt;b&gt;Target CRS&lt;/b&gt;: the CRS of the output; when empty, the CGCS2000 3-degree Gauss-Krüger zone of the data (a CRS in metres, as planning needs).</source>
        <translation>&lt;b&gt;目标坐标系&lt;/b&gt;：输出的坐标参考系；留空时使用数据所在的 CGCS2000 3 度带高斯-克吕格投影（以米为单位，规划需要）。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/load_osm_roads.py" line="71"/>
        <source>OpenStreetMap file (.osm, .osm.pbf, .graphml)</source>
        <translation>OpenStreetMap 文件（.osm、.osm.pbf、.graphml）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/load_osm_roads.py" line="73"/>
        <source>OpenStreetMap data (*.osm *.osm.pbf *.pbf *.graphml *.xml)</source>
        <translation>OpenStreetMap 数据 (*.osm *.osm.pbf *.pbf *.graphml *.xml)</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/load_osm_roads.py" line="75"/>
        <source>Extent to download (when no file is given; needs the internet)</source>
        <translation>下载范围（未给出文件时使用；需要联网）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/load_osm_roads.py" line="77"/>
        <source>Network type (downloads only)</source>
        <translation>路网类型（仅用于下载）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/load_osm_roads.py" line="80"/>
        <source>Target CRS</source>
        <translation>目标坐标系</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/load_osm_roads.py" line="82"/>
        <source>Number of road segments</source>
        <translation>路段数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/load_osm_roads.py" line="93"/>
        <source>Choose an OpenStreetMap file, or an extent to download.</source>
        <translation>请选择一个 OpenStreetMap 文件，或给出要下载的范围。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/load_osm_roads.py" line="103"/>
        <source>Reading OpenStreetMap data…</source>
        <translation>正在读取 OpenStreetMap 数据…</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/load_osm_roads.py" line="103"/>
        <source>Downloading roads…</source>
        <translation>正在下载道路…</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/load_osm_roads.py" line="118"/>
        <source>{n} road segments written.</source>
        <translation>已写入 {n} 个路段。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="66"/>
        <source>Zones of whole units (one network)</source>
        <translation>由完整单元组成片区（一张网）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="69"/>
        <source>zones,一张网,多网合一,police beat,警格,villages,一村一片,audit,departments</source>
        <translation>片区,一张网,多网合一,警格,警务区,村庄,一村一片,核查,部门</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="72"/>
        <source>Groups whole basic grids or villages into contiguous zones within a capacity, and audits a department's existing zones against them.</source>
        <translation>将完整的基础网格或村庄按容量组合成连片的片区，并据此核查部门的现有片区。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="77"/>
        <source>&lt;b&gt;One network&lt;/b&gt; (多网合一): each department's zones (a police beat, an urban-management zone …) must be made of whole basic grids, so that an event in a grid has one owner in every department. In the countryside, cadres take one village a zone for big villages and two villages a zone for the others (一村一片、两村一片).</source>
        <translation>&lt;b&gt;一张网&lt;/b&gt;（多网合一）：各部门的片区（警格、城管责任区……）必须由完整的基础网格组成，使网格内的每件事在每个部门都只有一个责任人。在农村，干部包片按大村、特殊村、重点村一村一片，其他村两村一片（一村一片、两村一片）。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="81"/>
        <source>&lt;b&gt;Units&lt;/b&gt;: a plan's grids, or any polygons that tile their area (natural villages with households). Zones are contiguous unions of whole units within the capacity (units or households per zone), never leaving the value of the &lt;b&gt;within&lt;/b&gt; field, crossing the &lt;b&gt;barriers&lt;/b&gt; (major roads, rivers) only where a zone could not otherwise be made.</source>
        <translation>&lt;b&gt;单元&lt;/b&gt;：规划的网格，或任何铺满其区域的面（带户数的自然村）。片区是容量（每片单元数或户数）以内的完整单元的连片组合，不超出&lt;b&gt;范围字段&lt;/b&gt;的取值，只有在无法组成片区时才跨越&lt;b&gt;障碍&lt;/b&gt;（主要道路、河流）。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="85"/>
        <source>&lt;b&gt;Existing zones&lt;/b&gt; (optional): first the audit — units split by a zone boundary (pieces below 2 % of a unit are misalignments, not splits), households in split units, units in no zone or in two, zones crossing community lines — then the nearest zones of whole units: each unit goes to the zone holding most of its area unless contiguity or capacity forbids it, and every unit that changed zone is listed with its reason. A layer in another CRS is reprojected.</source>
        <translation>&lt;b&gt;现有片区&lt;/b&gt;（可选）：先核查——被片区边界分割的单元（小于单元面积 2% 的碎片视为未对齐，不算分割）、被分割单元中的户数、不属于任何片区或同属两个片区的单元、跨社区边界的片区——再给出最接近的由完整单元组成的片区：每个单元归入占其面积最多的片区，除非连片或容量不允许；每个调整了片区的单元都列出原因。其他坐标系的图层会被重投影。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="95"/>
        <source>Units (basic grids or villages)</source>
        <translation>单元（基础网格或村庄）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="97"/>
        <source>Unit id field</source>
        <translation>单元编号字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="99"/>
        <source>Community field</source>
        <translation>社区字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="100"/>
        <source>Zones stay inside (field)</source>
        <translation>片区不超出的范围（字段）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="101"/>
        <source>Units that make a zone alone (field: key villages)</source>
        <translation>单独成片的单元（字段：重点村）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="107"/>
        <source>Capacity counts</source>
        <translation>容量计量</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="107"/>
        <source>units per zone</source>
        <translation>每片单元数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="107"/>
        <source>households per zone</source>
        <translation>每片户数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="109"/>
        <source>Capacity: minimum</source>
        <translation>容量：最小</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="111"/>
        <source>Capacity: maximum</source>
        <translation>容量：最大</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="113"/>
        <source>Existing zones of the department (optional)</source>
        <translation>部门的现有片区（可选）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="116"/>
        <source>Existing zone id field</source>
        <translation>现有片区编号字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="118"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="120"/>
        <source>Barriers (major roads, rivers)</source>
        <translation>障碍（主要道路、河流）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="122"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="125"/>
        <source>Zone of each unit</source>
        <translation>各单元所属片区</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="127"/>
        <source>Audit: units not whole in one zone</source>
        <translation>核查：未完整落在一个片区内的单元</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="130"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="131"/>
        <source>Number of zones</source>
        <translation>片区数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="132"/>
        <source>Number of split units</source>
        <translation>被分割的单元数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="133"/>
        <source>Number of units that changed zone</source>
        <translation>调整了片区的单元数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="139"/>
        <source>The capacity's minimum must not exceed its maximum.</source>
        <translation>容量的最小值不能大于最大值。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="161"/>
        <source>unit id field</source>
        <translation>单元编号字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="161"/>
        <source>households field</source>
        <translation>户数字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="162"/>
        <source>community field</source>
        <translation>社区字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="162"/>
        <source>within field</source>
        <translation>范围字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="163"/>
        <source>field of the units that make a zone alone</source>
        <translation>单独成片单元的字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="169"/>
        <source>A capacity in households needs the households field of the units.</source>
        <translation>按户数计的容量需要单元的户数字段。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="171"/>
        <source>existing zone id field</source>
        <translation>现有片区编号字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="173"/>
        <source>Making the zones…</source>
        <translation>正在生成片区…</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/make_zones.py" line="208"/>
        <source>{zones} zones; {split} split unit(s) in the existing zones; {changed} unit(s) changed zone.</source>
        <translation>{zones} 个片区；现有片区中有 {split} 个被分割的单元；{changed} 个单元调整了片区。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/micro_grids.py" line="38"/>
        <source>Micro-grids and member links</source>
        <translation>微网格与党员联户</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/micro_grids.py" line="41"/>
        <source>micro-grid,微网格,联户,户户见党员,party member,household groups</source>
        <translation>micro-grid,微网格,联户,户户见党员,党员,住户分组</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/micro_grids.py" line="44"/>
        <source>Divides each grid into groups of households and links party members to them.</source>
        <translation>把每个网格划分为住户小组，并为各组联系党员。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/micro_grids.py" line="48"/>
        <source>Inside each grid of the plan: groups of households within the band (5-10 for 联户, 30-50 for 微网格), made of whole buildings where buildings are small and of numbered household ranges (by stair unit and floor when the buildings have units/floors) where a building holds more than the maximum; compact and, with the roads given, not crossing a road when avoidable.</source>
        <translation>在方案的每个网格内，按户数范围划分住户小组（联户 5-10 户，微网格 30-50 户）：小楼栋整栋成组；户数超过上限的楼栋按户号区段划分（楼栋图层有 units/floors 时按单元和楼层）；小组紧凑，给出道路时尽量不跨越道路。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/micro_grids.py" line="52"/>
        <source>&lt;b&gt;Members&lt;/b&gt; (.csv, .xlsx or a layer: id, name, home_building or x, y): each is linked to a group near home, their own building's first, every group before any gets a second; errors name the row. The report shows the share of households in a group with a member (户户见党员) per grid and community, and the groups still without one.</source>
        <translation>&lt;b&gt;党员名单&lt;/b&gt;（.csv、.xlsx 或图层：id、name、home_building 或 x、y）：每名党员联系住所附近的一个小组，优先本楼栋的小组；每个小组都有人联系之后才安排第二人；出错时指明行号。报告列出各网格、各社区中所在小组有党员联系的住户占比（户户见党员），以及尚无党员联系的小组。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/micro_grids.py" line="56"/>
        <source>&lt;b&gt;Output&lt;/b&gt;: a GeoPackage with micro_grids, member_links, the summary per grid and per community; and an HTML report.</source>
        <translation>&lt;b&gt;输出&lt;/b&gt;：包含 micro_grids、member_links、各网格及各社区汇总的 GeoPackage，以及 HTML 报告。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/micro_grids.py" line="63"/>
        <source>Households per group</source>
        <translation>每组户数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/micro_grids.py" line="64"/>
        <source>Members</source>
        <translation>党员名单</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/micro_grids.py" line="66"/>
        <source>Roads the groups should not cross</source>
        <translation>小组不应跨越的道路</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/micro_grids.py" line="67"/>
        <source>Micro-grids</source>
        <translation>微网格</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/micro_grids.py" line="67"/>
        <source>Coverage report</source>
        <translation>覆盖情况报告</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/micro_grids.py" line="68"/>
        <source>Groups</source>
        <translation>小组数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/micro_grids.py" line="69"/>
        <source>Share of groups within the band</source>
        <translation>户数在范围内的小组占比</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/micro_grids.py" line="70"/>
        <source>Share of households with a member</source>
        <translation>有党员联系的住户占比</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/micro_grids.py" line="86"/>
        <source>Reading the plan and the members…</source>
        <translation>正在读取方案和党员名单…</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/micro_grids.py" line="97"/>
        <source>Grouping the households…</source>
        <translation>正在划分住户小组…</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/micro_grids.py" line="107"/>
        <source>Member links</source>
        <translation>党员联系</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/micro_grids.py" line="112"/>
        <source>{groups} groups, {share:.1f} % within the band; households with a member: {coverage:.1f} %.</source>
        <translation>共 {groups} 个小组，{share:.1f} % 在范围内；有党员联系的住户：{coverage:.1f} %。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/people_common.py" line="34"/>
        <source>Lists (*.csv *.xlsx *.gpkg *.shp *.geojson);;All files (*.*)</source>
        <translation>名单 (*.csv *.xlsx *.gpkg *.shp *.geojson);;所有文件 (*.*)</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/people_common.py" line="67"/>
        <source>The plan has no buildings layer; give a plan written by Plan grids.</source>
        <translation>方案没有楼栋图层；请给出由“划分网格”生成的方案。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="45"/>
        <source>Plan grids</source>
        <translation>规划网格</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="48"/>
        <source>grid,网格,community,社区,households,partition,redistricting,planning</source>
        <translation>网格,网格化管理,社区,户数,划分,规划,grid,community</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="51"/>
        <source>Divides communities into management grids of balanced households and workload.</source>
        <translation>将社区划分为户数和工作量均衡的管理网格。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="55"/>
        <source>Divides every community into management grids (网格) of about the target number of households, one grid worker each. Grids tile the community without gap or overlap, follow roads, rivers and community boundaries, never split a building and keep residential compounds whole when they fit in one grid.</source>
        <translation>按目标户数将每个社区划分为管理网格，每个网格配一名网格员。网格无缝隙、无重叠地覆盖整个社区，沿道路、河流和社区边界划界，不拆分楼栋；小区能放进一个网格时保持完整。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="61"/>
        <source>&lt;b&gt;Buildings&lt;/b&gt;: footprints or points with a households field (and, when available, population, compound id and workload attributes). &lt;b&gt;Communities&lt;/b&gt;: boundaries with a 12-digit code and a name; a grid never crosses a community line. &lt;b&gt;Roads&lt;/b&gt; with an OpenStreetMap highway class, and &lt;b&gt;water&lt;/b&gt; (one or several layers: areas and river centre lines), give the grid boundaries; roads of the hard classes are never crossed by a grid. Layers named buildings, communities, roads, water and waterway are chosen for you.</source>
        <translation>&lt;b&gt;建筑&lt;/b&gt;：带户数字段的建筑轮廓或点（如有，还可提供人口、小区编号和工作量属性）。&lt;b&gt;社区&lt;/b&gt;：带12位代码和名称的社区边界，网格不会跨越社区界线。&lt;b&gt;道路&lt;/b&gt;（带 OpenStreetMap 的 highway 等级）和&lt;b&gt;水系&lt;/b&gt;（一个或多个图层：水域面和河道中心线）构成网格边界；属于“不可跨越等级”的道路，网格绝不跨越。名为 buildings、communities、roads、water 和 waterway 的图层会被自动选中。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="70"/>
        <source>&lt;b&gt;Compounds&lt;/b&gt; (小区 polygons, e.g. the compounds of &lt;i&gt;Prepare OpenStreetMap layers&lt;/i&gt; or AOI polygons): a building without a compound id of its own gets the compound whose polygon holds it (the smallest one where they overlap); buildings in no polygon stand alone. The problems layer says how many buildings got one.</source>
        <translation>&lt;b&gt;小区&lt;/b&gt;（小区面，例如&lt;i&gt;准备 OpenStreetMap 图层&lt;/i&gt;生成的小区或 AOI 面）：自身没有小区编号的楼栋归入包含它的小区面（多个面重叠时取最小的）；不在任何小区面内的楼栋单独规划。问题图层说明有多少楼栋由此获得小区。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="76"/>
        <source>&lt;b&gt;Dedicated sites&lt;/b&gt; (advanced parameters): buildings that share a value in the dedicated site field (a school, a hospital, a market) form a grid of their own (专属网格).</source>
        <translation>&lt;b&gt;专属网格&lt;/b&gt;（高级参数）：在“专属场所字段”中取值相同的建筑（如学校、医院、市场）单独组成一个网格。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="80"/>
        <source>&lt;b&gt;Advanced parameters&lt;/b&gt;, the same options as the command line and the dock: a &lt;b&gt;locked grid field&lt;/b&gt; (buildings with the same label keep their grid), a &lt;b&gt;previous grid field&lt;/b&gt; (the starting plan of a yearly re-planning), fixed &lt;b&gt;grid counts&lt;/b&gt; of communities (CODE=N, …), what becomes of &lt;b&gt;pockets&lt;/b&gt; cut off by a major road, the digits of the grid sequence, people per household and the seed.</source>
        <translation>&lt;b&gt;高级参数&lt;/b&gt;与命令行和规划工作台的选项相同：&lt;b&gt;锁定网格字段&lt;/b&gt;（标识相同的建筑保持原网格）、&lt;b&gt;原网格字段&lt;/b&gt;（年度调整时的规划起点）、各社区固定的&lt;b&gt;网格数&lt;/b&gt;（代码=数量, …）、被主干道隔开的&lt;b&gt;零散片区&lt;/b&gt;如何处理、网格顺序号位数、户均人口和随机种子。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="87"/>
        <source>&lt;b&gt;Households per grid&lt;/b&gt;: every grid should hold between the minimum and the maximum; the planner aims at the target. A building or compound that is too large on its own, or a community that is too small, is reported instead of hidden.</source>
        <translation>&lt;b&gt;每格户数&lt;/b&gt;：每个网格的户数应在最小值与最大值之间，并尽量接近目标值。单栋楼或单个小区本身超过上限、或社区总户数不足下限时，会如实列出，而不是被掩盖。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="92"/>
        <source>&lt;b&gt;Workload weights&lt;/b&gt;: an optional TOML or JSON file with the weights of the workload attributes (elderly living alone, disabled residents, rental units, shops, key sites); without it the default weights are used. &lt;b&gt;Seed&lt;/b&gt;: the same inputs and seed always give the same plan.</source>
        <translation>&lt;b&gt;工作量权重&lt;/b&gt;：可选的 TOML 或 JSON 文件，设定各项工作量属性（独居老人、残疾人、出租房、商铺、重点场所）的权重；不提供时使用默认权重。&lt;b&gt;随机种子&lt;/b&gt;：相同的输入和种子总是得到相同的方案。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="98"/>
        <source>&lt;b&gt;Outputs&lt;/b&gt;: grids with their 15-digit code (community code + sequence, west to east then north to south), households, population, workload, compactness and a status with its reason; the buildings with the code of their grid; and the problems found (invalid or duplicate geometries, missing values, rules the plan could not meet) as points to zoom to.</source>
        <translation>&lt;b&gt;输出&lt;/b&gt;：网格图层，含15位网格编码（社区代码＋顺序号，先自西向东、再自北向南）、户数、人口、工作量、紧凑度以及状态和原因；带所属网格编码的建筑图层；以及发现的问题（无效或重复的几何、缺失的数值、方案无法满足的规则），以点的形式给出，便于定位查看。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="113"/>
        <source>Compound name field of the compounds</source>
        <translation>小区面的小区名称字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="122"/>
        <source>Buildings with grid code</source>
        <translation>带网格编码的建筑</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="138"/>
        <source>Number of problems</source>
        <translation>问题数量</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="178"/>
        <source>compound name field</source>
        <translation>小区名称字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="248"/>
        <source>{grids} grids planned; {problems} problems reported.</source>
        <translation>已规划 {grids} 个网格，报告 {problems} 个问题。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_rural.py" line="24"/>
        <source>Plan rural grids from villages</source>
        <translation>按村庄规划农村网格</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_rural.py" line="27"/>
        <source>rural,农村,village,自然村,村民小组,grid,网格</source>
        <translation>农村,乡村,村庄,自然村,村民小组,网格,rural</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_rural.py" line="30"/>
        <source>Groups whole natural villages into grids of the rural band; a village above the maximum is a grid of its own.</source>
        <translation>将完整的自然村组合成符合农村户数范围的网格；超过最大户数的村庄单独成为一个网格。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_rural.py" line="35"/>
        <source>In the countryside a grid follows the natural village (自然村) or villagers' group (村民小组). &lt;b&gt;Natural villages&lt;/b&gt;: polygons that tile each administrative village (the &lt;b&gt;communities&lt;/b&gt;), with a households field. Nothing is tessellated: grids are unions of whole villages within the band, following rivers and the hard road classes; a village above the maximum is a grid of its own and says how many grid workers it needs, or, when the &lt;b&gt;buildings of villages above the maximum&lt;/b&gt; are given, is split along its buildings as a town community is.</source>
        <translation>在农村，网格以自然村或村民小组为单位。&lt;b&gt;自然村&lt;/b&gt;：铺满每个行政村（即&lt;b&gt;社区&lt;/b&gt;）的面，带户数字段。不做细分：网格是户数范围内完整村庄的组合，沿河流和硬性道路等级划分；超过最大户数的村庄单独成为一个网格并说明需要几名网格员，或在提供&lt;b&gt;超过最大户数村庄的建筑&lt;/b&gt;时，像城镇社区一样沿建筑拆分。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_rural.py" line="42"/>
        <source>The defaults are the rural preset (100–300 households, target 200; only motorways, trunk and primary roads, railways and water are hard barriers): configurable defaults, see the documentation for where they come from. The outputs are those of &lt;i&gt;Plan grids&lt;/i&gt;; the buildings output holds the villages with their grid code.</source>
        <translation>默认值为农村预设（100–300 户，目标 200 户；只有高速公路、干线和主干道路、铁路及水体是硬性障碍）：这些是可调整的默认值，其来源见文档。输出与&lt;i&gt;规划网格&lt;/i&gt;相同；建筑物输出中是带网格编码的村庄。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_rural.py" line="58"/>
        <source>Buildings of villages above the maximum (optional)</source>
        <translation>超过最大户数村庄的建筑（可选）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_rural.py" line="60"/>
        <source>buildings with the households field: a village above the maximum is split along its buildings instead of being a grid of its own</source>
        <translation>带户数字段的建筑：超过最大户数的村庄沿其建筑拆分，而不是单独成为一个网格</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_rural.py" line="66"/>
        <source>Natural villages (自然村 / 村民小组)</source>
        <translation>自然村（自然村 / 村民小组）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="54"/>
        <source>Prepare OpenStreetMap layers</source>
        <translation>准备 OpenStreetMap 图层</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="57"/>
        <source>OpenStreetMap,OSM,pbf,buildings,households,户数,roads,道路,water,compounds,小区</source>
        <translation>OpenStreetMap,OSM,pbf,楼栋,buildings,户数,households,道路,roads,水系,water,小区,compounds</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="60"/>
        <source>Buildings with estimated households, roads, water and compounds from an OpenStreetMap file, ready for Plan grids.</source>
        <translation>从 OpenStreetMap 文件生成估算了户数的楼栋、道路、水系和小区，可直接用于“规划网格”。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="65"/>
        <source>Reads an OpenStreetMap file (.osm, .osm.bz2 or .osm.pbf, e.g. exported from openstreetmap.org or a Geofabrik extract; the file is only read) and makes the layers &lt;i&gt;Plan grids&lt;/i&gt; needs, as the command &lt;code&gt;gridplanner prepare-osm&lt;/code&gt; does.</source>
        <translation>读取 OpenStreetMap 文件（.osm、.osm.bz2 或 .osm.pbf，例如从 openstreetmap.org 导出或 Geofabrik 的分区数据；文件只读不改），生成&lt;i&gt;规划网格&lt;/i&gt;所需的图层，与命令 &lt;code&gt;gridplanner prepare-osm&lt;/code&gt; 相同。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="68"/>
        <source>&lt;b&gt;Buildings&lt;/b&gt;: footprints (closed ways and multipolygons tagged building) with &lt;b&gt;households&lt;/b&gt; = footprint area × floors × residential share ÷ dwelling size. Floors come from building:levels (hh_basis = levels), else height ÷ storey height (height), else a default per building type (default_floors: apartments and residential 6, dormitory 5, mixed 4, yes 3, house 2; change them below as TYPE=N, e.g. &lt;code&gt;apartments=18, *=2&lt;/code&gt;).</source>
        <translation>&lt;b&gt;楼栋&lt;/b&gt;：建筑轮廓（带 building 标签的闭合路径和多边形关系），&lt;b&gt;户数&lt;/b&gt; = 占地面积 × 层数 × 住宅比例 ÷ 套均面积。层数取自 building:levels（hh_basis = levels），否则为 height ÷ 层高（height），否则按建筑类型取默认值（default_floors：apartments 和 residential 6 层，dormitory 5 层，mixed 4 层，yes 3 层，house 2 层；可在下方以 类型=层数 修改，例如 &lt;code&gt;apartments=18, *=2&lt;/code&gt;）。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="74"/>
        <source>&lt;b&gt;Non-residential buildings get 0 households&lt;/b&gt; (hh_basis = not_residential, nonres_reason says why): every building type other than residential, apartments, house, detached, semidetached_house, terrace, dormitory, bungalow, mixed and yes; a building=yes with an amenity, shop, office, tourism, healthcare, craft, industrial, leisure or similar tag; and a building=yes inside a school, university, hospital, commercial, retail or industrial area, unless a residential area inside that area holds it.</source>
        <translation>&lt;b&gt;非住宅建筑户数为 0&lt;/b&gt;（hh_basis = not_residential，nonres_reason 说明原因）：除 residential、apartments、house、detached、semidetached_house、terrace、dormitory、bungalow、mixed 和 yes 以外的所有建筑类型；带 amenity、shop、office、tourism、healthcare、craft、industrial、leisure 等标签的 building=yes；以及位于学校、大学、医院、商业、零售或工业用地内的 building=yes，除非它位于该用地内更小的住宅区中。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="81"/>
        <source>&lt;b&gt;Roads&lt;/b&gt;: centre lines with their highway class, and railways (not in tunnels) with highway = railway, a hard barrier. &lt;b&gt;Water&lt;/b&gt;: water areas; &lt;b&gt;Waterways&lt;/b&gt;: river and canal centre lines; give both to Plan grids as water. &lt;b&gt;Compounds&lt;/b&gt;: residential areas (landuse=residential, place=neighbourhood) with compound_id and compound_name, for the compounds input of Plan grids.</source>
        <translation>&lt;b&gt;道路&lt;/b&gt;：带 highway 等级的道路中心线，以及铁路（隧道段除外），其 highway = railway，为硬边界。&lt;b&gt;水域&lt;/b&gt;：水面；&lt;b&gt;河道&lt;/b&gt;：河流和运河中心线；两者都作为水系输入“规划网格”。&lt;b&gt;小区&lt;/b&gt;：住宅区（landuse=residential、place=neighbourhood），带 compound_id 和 compound_name，作为“规划网格”的小区输入。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="86"/>
        <source>&lt;b&gt;Communities&lt;/b&gt; (optional): OpenStreetMap rarely has community boundaries; with a communities layer, buildings outside every community are left out. Without one, Plan grids plans the whole area as one community. &lt;b&gt;Target CRS&lt;/b&gt;: when empty, the CGCS2000 3-degree Gauss-Krüger zone of the data.</source>
        <translation>&lt;b&gt;社区&lt;/b&gt;（可选）：OpenStreetMap 很少有社区边界；给出社区图层时，不在任何社区内的楼栋被舍去。不给时，“规划网格”把整个区域作为一个社区规划。&lt;b&gt;目标坐标系&lt;/b&gt;：为空时使用数据所在的 CGCS2000 3 度高斯-克吕格投影带。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="90"/>
        <source>Data © OpenStreetMap contributors, Open Database License (ODbL): keep this attribution wherever the layers or anything made from them are shown.</source>
        <translation>数据 © OpenStreetMap 贡献者，开放数据库许可协议（ODbL）：在展示这些图层或由其生成的任何成果时，须保留此署名。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="96"/>
        <source>OpenStreetMap file (.osm, .osm.pbf)</source>
        <translation>OpenStreetMap 文件（.osm、.osm.pbf）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="97"/>
        <source>OpenStreetMap data (*.osm *.osm.pbf *.pbf *.osm.bz2 *.xml)</source>
        <translation>OpenStreetMap 数据 (*.osm *.osm.pbf *.pbf *.osm.bz2 *.xml)</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="102"/>
        <source>Default floors per building type (TYPE=N, …)</source>
        <translation>各建筑类型的默认层数（类型=层数, …）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="104"/>
        <source>Storey height (m)</source>
        <translation>层高（米）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="106"/>
        <source>Mean dwelling size (m²)</source>
        <translation>套均面积（平方米）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="118"/>
        <source>Water areas</source>
        <translation>水域面</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="119"/>
        <source>Waterways</source>
        <translation>河道</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="120"/>
        <source>Compounds</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="122"/>
        <source>Households estimated</source>
        <translation>估算户数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="123"/>
        <source>Number of buildings</source>
        <translation>楼栋数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="133"/>
        <source>Default floors: expected TYPE=N, got “{item}”.</source>
        <translation>默认层数：应为 类型=层数，实际为“{item}”。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="142"/>
        <source>Choose an OpenStreetMap file.</source>
        <translation>请选择 OpenStreetMap 文件。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/prepare_osm.py" line="176"/>
        <source>{buildings} buildings ({residential} residential, {households} households estimated), {roads} roads, {compounds} compounds.</source>
        <translation>{buildings} 栋楼（其中住宅 {residential} 栋，估算 {households} 户），{roads} 条道路，{compounds} 个小区。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/replan.py" line="47"/>
        <source>Yearly review (re-plan)</source>
        <translation>年度动态调整（重新规划）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/replan.py" line="50"/>
        <source>grid,网格,review,动态调整,replan,yearly,stable,codes,changes</source>
        <translation>网格,grid,动态调整,review,重新规划,年度,稳定,编码,变化</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/replan.py" line="53"/>
        <source>Repairs last year's plan for this year's buildings with the fewest households changing grid.</source>
        <translation>按今年的建筑修复去年的方案，尽量少调整住户所属网格。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/replan.py" line="57"/>
        <source>Keeps every grid of last year's plan that still meets the rules and whose buildings did not change — same buildings, same code, same polygon — and repairs the grids that broke (new compounds, demolished lanes, household drift), outward from them: a broken grid and its neighbours are planned again, the ring widening only when needed, moving as few households as possible.</source>
        <translation>保留去年方案中仍符合规则且建筑未变化的所有网格——建筑、编码和边界均不变——并从不符合规则的网格（新建小区、拆迁街巷、户数变化所致）出发向外修复：重新规划出问题的网格及其相邻网格，仅在需要时扩大范围，尽量少调整住户。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/replan.py" line="62"/>
        <source>&lt;b&gt;Previous plan&lt;/b&gt;: the GeoPackage written by &lt;i&gt;Plan grids&lt;/i&gt; (saved), the command line or an earlier review. This year's buildings are matched to last year's by the building id field when it is given, else by footprint overlap (half of the smaller footprint).</source>
        <translation>&lt;b&gt;上一版方案&lt;/b&gt;：由&lt;i&gt;规划网格&lt;/i&gt;（已保存）、命令行或之前的年度调整生成的 GeoPackage。今年的建筑按建筑编号字段（如已指定）与去年的建筑匹配，否则按轮廓重叠匹配（至少为较小轮廓的一半）。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/replan.py" line="65"/>
        <source>&lt;b&gt;Codes&lt;/b&gt;: a repaired grid keeps its code when it keeps more than half of its households; new grids take codes no grid of the community ever had; retired codes are listed and never used again (the plan keeps their history for next year).</source>
        <translation>&lt;b&gt;编码&lt;/b&gt;：修复后的网格保留其一半以上住户时沿用原编码；新网格使用该社区从未用过的编码；停用的编码会列出且不再使用（方案中保存编码历史，供明年使用）。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/replan.py" line="68"/>
        <source>&lt;b&gt;Largest share of households moved&lt;/b&gt; (0–1, optional) caps the households that may change grid; a grid the cap leaves broken says so in its reason.</source>
        <translation>&lt;b&gt;调整住户最大比例&lt;/b&gt;（0–1，可选）限制可调整网格的住户数；因此上限而未能修复的网格会在原因中说明。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/replan.py" line="70"/>
        <source>&lt;b&gt;Outputs&lt;/b&gt;: the new plan GeoPackage (grids with change and households moved in/out, buildings with their previous grid, the changes, retired grids and demolished buildings), the grids and the moved buildings as layers, and an HTML report with a map of the changes.</source>
        <translation>&lt;b&gt;输出&lt;/b&gt;：新方案 GeoPackage（网格含变化类型及调入/调出户数，建筑含原网格，以及调整记录、停用网格和拆除建筑），网格和调整了网格的建筑图层，以及含变化地图的 HTML 报告。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/replan.py" line="77"/>
        <source>Previous plan (GeoPackage)</source>
        <translation>上一版方案（GeoPackage）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/replan.py" line="81"/>
        <source>Largest share of households moved (0–1)</source>
        <translation>调整住户最大比例（0–1）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/replan.py" line="84"/>
        <source>New plan (GeoPackage)</source>
        <translation>新方案（GeoPackage）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/replan.py" line="88"/>
        <source>Buildings that changed grid</source>
        <translation>调整了网格的建筑</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/replan.py" line="91"/>
        <source>HTML report of the changes</source>
        <translation>变化情况 HTML 报告</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/replan.py" line="93"/>
        <source>Households moved</source>
        <translation>调整户数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/replan.py" line="94"/>
        <source>Share of households moved</source>
        <translation>调整户数占比</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/replan.py" line="95"/>
        <source>Households a fresh plan would move</source>
        <translation>重新规划将调整的户数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="44"/>
        <source>Staff grids</source>
        <translation>网格人员配备</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="47"/>
        <source>staff,roster,网格员,一格一员,一员多格,worker,police,assignment</source>
        <translation>staff,roster,网格员,一格一员,一员多格,人员,民警,分配</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="50"/>
        <source>Counts the workers a plan needs and assigns a roster: grid workers, helpers and officers.</source>
        <translation>测算方案所需人员并按名单分配：网格员、协管员和部门人员。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="54"/>
        <source>&lt;b&gt;Need&lt;/b&gt;, from the plan alone: one full-time grid worker per basic grid, ⌈households / maximum⌉ for a grid above the maximum; dedicated grids are served by their site's own staff (counted, not drawn from the roster); community workers at one per 150–200 households and the check of at least 18 per 10,000 residents (residents = households × the plan's people per household).</source>
        <translation>&lt;b&gt;需求&lt;/b&gt;，仅由方案得出：每个基础网格一名专职网格员，超过上限的网格按 ⌈户数 / 上限⌉ 配备；专属网格由所在单位自有人员负责（计入，但不从名单中抽调）；社区工作者按每 150–200 户一名，并核查每万名居民不少于 18 名（居民数 = 户数 × 方案的每户人数）。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="59"/>
        <source>&lt;b&gt;Roster&lt;/b&gt; (.csv, .xlsx or a layer): id, name, role (full-time, part-time or a department such as police, urban), community (code or name), home_building (a building id of the plan) or x, y; optional capacity, previous_grid, phone. Errors name the row.</source>
        <translation>&lt;b&gt;人员名单&lt;/b&gt;（.csv、.xlsx 或图层）：id、name、role（full-time 专职、part-time 兼职，或部门如 police 公安、urban 城管）、community（社区代码或名称）、home_building（方案中的楼栋编号）或 x、y；可选 capacity、previous_grid、phone。出错时指明行号。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="62"/>
        <source>&lt;b&gt;Assignment&lt;/b&gt;: full-time workers one per grid inside their community, last year's grid first, then the nearest (along the roads when given); part-time workers fill empty places, then help; each department's officers cover contiguous groups of grids within their capacity, not across a hard road when avoidable.</source>
        <translation>&lt;b&gt;分配&lt;/b&gt;：专职网格员在本社区内一格一员，优先保留去年的网格，其次就近（给出道路时按道路距离）；兼职人员先补空缺，再作协管；各部门人员在容量内负责连片的网格组，尽量不跨越主干道。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="66"/>
        <source>&lt;b&gt;Output&lt;/b&gt;: a GeoPackage with the plan's layers, the grids with their workers (worker, worker_id, worker_phone: &lt;i&gt;Export for governance&lt;/i&gt; fills WGY from it), assignments and the staffing table per community; and an HTML report.</source>
        <translation>&lt;b&gt;输出&lt;/b&gt;：GeoPackage，包含方案各图层、带人员的网格（worker、worker_id、worker_phone：&lt;i&gt;导出到治理平台&lt;/i&gt; 据此填写 WGY）、分配表和各社区人员配备表；以及 HTML 报告。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="73"/>
        <source>Roster</source>
        <translation>人员名单</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="75"/>
        <source>Roads (distances along them; hard classes as barriers)</source>
        <translation>道路（沿道路计算距离；硬边界等级作为障碍）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="78"/>
        <source>Water (hard barriers between grids)</source>
        <translation>水系（网格之间的硬边界）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="81"/>
        <source>Households per community worker</source>
        <translation>每名社区工作者服务户数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="83"/>
        <source>Community workers per 10,000 residents</source>
        <translation>每万名居民社区工作者数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="86"/>
        <source>Unit of the roster's capacity</source>
        <translation>名单中容量的单位</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="86"/>
        <source>grids</source>
        <translation>网格数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="88"/>
        <source>Staffed plan</source>
        <translation>配备人员的方案</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="88"/>
        <source>Staffing report</source>
        <translation>人员配备报告</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="89"/>
        <source>Grids short of workers</source>
        <translation>缺员网格数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="90"/>
        <source>Grid workers assigned</source>
        <translation>已配网格员数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="106"/>
        <source>Reading the plan and the roster…</source>
        <translation>正在读取方案和人员名单…</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="121"/>
        <source>Assigning the roster…</source>
        <translation>正在分配人员…</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="128"/>
        <source>Staffing</source>
        <translation>人员配备</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="130"/>
        <source>Staffed grids</source>
        <translation>配备人员的网格</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="131"/>
        <source>Assignments</source>
        <translation>人员分配</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/staff_plan.py" line="138"/>
        <source>{assigned} of {needed} grid workers assigned; {short} grid(s) short.</source>
        <translation>已配网格员 {assigned}/{needed} 名；{short} 个网格缺员。</translation>
    </message>
    <message>
        <location filename="../plugin/dependencies.py" line="56"/>
        <source>{package} (not installed, need &gt;= {minimum})</source>
        <translation>{package}（未安装，需要 &gt;= {minimum}）</translation>
    </message>
    <message>
        <location filename="../plugin/dependencies.py" line="60"/>
        <source>{package} {found} (crashes QGIS when a tool runs in the background; need &gt;= {minimum} but not {series}.x)</source>
        <translation>{package} {found}（工具在后台运行时会导致 QGIS 崩溃；需要 &gt;= {minimum}，但不能是 {series}.x）</translation>
    </message>
    <message>
        <location filename="../plugin/dependencies.py" line="63"/>
        <source>{package} {found} (too old, need &gt;= {minimum})</source>
        <translation>{package} {found}（版本过旧，需要 &gt;= {minimum}）</translation>
    </message>
    <message>
        <location filename="../plugin/dependencies.py" line="166"/>
        <source>Grid Planner needs Python packages that are missing from QGIS's Python:</source>
        <translation>网格规划需要以下 Python 包，但 QGIS 自带的 Python 中缺少它们：</translation>
    </message>
    <message>
        <location filename="../plugin/dependencies.py" line="171"/>
        <source>Close QGIS, open the OSGeo4W Shell from the Start menu and run:</source>
        <translation>请关闭 QGIS，从“开始”菜单打开 OSGeo4W Shell，然后运行：</translation>
    </message>
    <message>
        <location filename="../plugin/dependencies.py" line="173"/>
        <source>Close QGIS, open a Terminal and run:</source>
        <translation>请关闭 QGIS，打开“终端”，然后运行：</translation>
    </message>
    <message>
        <location filename="../plugin/dependencies.py" line="175"/>
        <source>Close QGIS, open a terminal and run:</source>
        <translation>请关闭 QGIS，打开终端，然后运行：</translation>
    </message>
    <message>
        <location filename="../plugin/dependencies.py" line="178"/>
        <source>Optional, in mainland China: if the download is slow or fails, use a package-index mirror (add -i and its address to the command):</source>
        <translation>可选（中国大陆）：如果下载缓慢或失败，可使用软件包镜像源（在命令中加上 -i 和镜像地址）：</translation>
    </message>
    <message>
        <location filename="../plugin/dependencies.py" line="183"/>
        <source>Good to know: pip's wheels of shapely, pyproj and pyogrio bring their own copies of GEOS, PROJ and GDAL, next to the ones QGIS uses (OSGeo4W's on Windows). The plugin keeps the two apart and passes geometries between them as plain data, so both work; but the copies can be of different versions, so a coordinate transformation in the planner can differ slightly from QGIS's own, and pyproj keeps its own PROJ database (datum grids downloaded for QGIS are not used by it). Do not replace or delete the libraries of either side by hand.</source>
        <translation>请注意：pip 安装的 shapely、pyproj 和 pyogrio 轮子包自带 GEOS、PROJ 和 GDAL 库，与 QGIS 使用的库（Windows 上为 OSGeo4W 的库）并存。插件将两者隔离，几何数据以普通数据形式传递，因此两者都能正常工作；但两套库的版本可能不同，规划器中的坐标转换可能与 QGIS 自身的结果略有差异，且 pyproj 使用自己的 PROJ 数据库（为 QGIS 下载的基准转换格网不会被它使用）。请勿手动替换或删除任何一方的库文件。</translation>
    </message>
    <message>
        <location filename="../plugin/dependencies.py" line="193"/>
        <source>If pip refuses with "externally-managed-environment" (Debian 12, Ubuntu 23.04 and later), add --break-system-packages to the command, or start QGIS from a virtual environment made with --system-site-packages.</source>
        <translation>如果 pip 报错“externally-managed-environment”（Debian 12、Ubuntu 23.04 及更新版本），请在命令中加上 --break-system-packages，或者在用 --system-site-packages 创建的虚拟环境中启动 QGIS。</translation>
    </message>
    <message>
        <location filename="../plugin/dependencies.py" line="199"/>
        <source>Then restart QGIS.</source>
        <translation>然后重新启动 QGIS。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/chart.py" line="64"/>
        <source>Workload per grid</source>
        <translation>各网格工作量</translation>
    </message>
    <message>
        <location filename="../plugin/dock/chart.py" line="69"/>
        <source>No plan yet</source>
        <translation>尚无方案</translation>
    </message>
    <message>
        <location filename="../plugin/dock/chart.py" line="136"/>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../plugin/dock/chart.py" line="138"/>
        <source>max</source>
        <translation>最大</translation>
    </message>
    <message>
        <location filename="../plugin/dock/chart.py" line="140"/>
        <source>min</source>
        <translation>最小</translation>
    </message>
    <message>
        <location filename="../plugin/dock/chart.py" line="142"/>
        <source>mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="17"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="18"/>
        <source>HH</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="19"/>
        <source>Pop.</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="20"/>
        <source>Workload</source>
        <translation>工作量</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="22"/>
        <source>Parts</source>
        <translation>块数</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="23"/>
        <source>Compact.</source>
        <translation>紧凑度</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="24"/>
        <source>Cross.</source>
        <translation>跨界</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="25"/>
        <source>Locked</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="31"/>
        <source>Grid code (the table shows its sequence part)</source>
        <translation>网格编码（表中只显示序号部分）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="32"/>
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="33"/>
        <source>Compactness</source>
        <translation>紧凑度</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="47"/>
        <source>in band</source>
        <translation>在范围内</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="48"/>
        <source>below minimum</source>
        <translation>低于下限</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="49"/>
        <source>above maximum</source>
        <translation>高于上限</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="50"/>
        <source>crosses a barrier</source>
        <translation>跨越障碍</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="51"/>
        <source>not contiguous</source>
        <translation>不连续</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="52"/>
        <source>dedicated</source>
        <translation>专属</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="53"/>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="54"/>
        <source>empty</source>
        <translation>空</translation>
    </message>
    <message>
        <location filename="../plugin/dock/overlays.py" line="42"/>
        <source>hard barriers</source>
        <translation>硬性边界</translation>
    </message>
    <message>
        <location filename="../plugin/dock/overlays.py" line="43"/>
        <source>community outlines</source>
        <translation>社区边界</translation>
    </message>
    <message>
        <location filename="../plugin/dock/problems.py" line="94"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../plugin/dock/problems.py" line="94"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../plugin/dock/problems.py" line="94"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../plugin/dock/problems.py" line="95"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../plugin/dock/problems.py" line="96"/>
        <source>From grid</source>
        <translation>原网格</translation>
    </message>
    <message>
        <location filename="../plugin/dock/problems.py" line="96"/>
        <source>To grid</source>
        <translation>新网格</translation>
    </message>
    <message>
        <location filename="../plugin/dock/problems.py" line="96"/>
        <source>Bldgs.</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../plugin/dock/problems.py" line="97"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../plugin/dock/review.py" line="39"/>
        <source>Yearly review: keep every grid of last year's plan that still meets the rules, repair the grids that broke with the fewest households changing grid. This year's layers and options are those of Set-up; the new plan is saved in Set-up's plan GeoPackage.</source>
        <translation>年度动态调整：保留去年方案中仍符合规则的所有网格，修复出问题的网格，尽量少调整住户。今年的图层和选项取自“设置”页；新方案保存到“设置”页指定的方案 GeoPackage。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/review.py" line="49"/>
        <source>Last year's plan</source>
        <translation>去年的方案</translation>
    </message>
    <message>
        <location filename="../plugin/dock/review.py" line="50"/>
        <source>Cap the households moved at</source>
        <translation>调整住户上限</translation>
    </message>
    <message>
        <location filename="../plugin/dock/review.py" line="60"/>
        <source>Review (re-plan)</source>
        <translation>动态调整（重新规划）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/review.py" line="66"/>
        <source>Open the report of the changes</source>
        <translation>打开变化情况报告</translation>
    </message>
    <message>
        <location filename="../plugin/dock/review.py" line="78"/>
        <source>Review</source>
        <translation>动态调整</translation>
    </message>
    <message>
        <location filename="../plugin/dock/review.py" line="89"/>
        <source>A task is already running; wait for it or cancel it.</source>
        <translation>已有任务在运行，请等待或取消。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/review.py" line="92"/>
        <source>Choose last year's plan GeoPackage.</source>
        <translation>请选择去年的方案 GeoPackage。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/review.py" line="95"/>
        <source>Choose the GeoPackage the plan is saved in.</source>
        <translation>请选择保存方案的 GeoPackage 文件。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/review.py" line="97"/>
        <source>plan GeoPackage</source>
        <translation>方案 GeoPackage</translation>
    </message>
    <message>
        <location filename="../plugin/dock/review.py" line="97"/>
        <source>last year's plan</source>
        <translation>去年的方案</translation>
    </message>
    <message>
        <location filename="../plugin/dock/review.py" line="126"/>
        <source>Grid Planner: yearly review</source>
        <translation>网格规划：年度动态调整</translation>
    </message>
    <message>
        <location filename="../plugin/dock/review.py" line="136"/>
        <source>Review saved in {path}; report of the changes: {report}.</source>
        <translation>动态调整结果已保存到 {path}；变化情况报告：{report}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="137"/>
        <source>The buildings layer has no field “grid_code”: open a plan made by Grid Planner.</source>
        <translation>建筑图层没有“grid_code”字段：请打开由网格规划生成的方案。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="248"/>
        <source>Could not write the grids to {path}: {errors}</source>
        <translation>无法将网格写入 {path}：{errors}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="252"/>
        <source>Could not remove the empty grids {codes} from {path}: {errors}</source>
        <translation>无法从 {path} 删除空网格 {codes}：{errors}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="259"/>
        <source>Could not add grids to {path}: {errors}</source>
        <translation>无法向 {path} 添加网格：{errors}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="296"/>
        <source>Could not write the problems to {path}: {errors}</source>
        <translation>无法将问题写入 {path}：{errors}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="306"/>
        <source>The layer “{layer}” cannot be edited.</source>
        <translation>图层“{layer}”无法编辑。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="315"/>
        <source>Could not change building {fid}.</source>
        <translation>无法修改建筑 {fid}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="335"/>
        <source>There is no grid {code}.</source>
        <translation>不存在网格 {code}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="338"/>
        <source>Select the buildings to move in the layer “{layer}”.</source>
        <translation>请在图层“{layer}”中选择要移动的建筑。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="346"/>
        <source>lock of grid {codes} overridden</source>
        <translation>越过了网格 {codes} 的锁定</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="347"/>
        <source>Move {n} buildings to grid {code}</source>
        <translation>将 {n} 栋建筑移入网格 {code}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="353"/>
        <source>Choose two different grids to merge.</source>
        <translation>请选择两个不同的网格进行合并。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="360"/>
        <source>Merge grid {other} into {keep}</source>
        <translation>将网格 {other} 并入 {keep}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="450"/>
        <source>Grid {code} has fewer than two buildings: it cannot be split.</source>
        <translation>网格 {code} 的建筑少于两栋，无法拆分。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="466"/>
        <source>Split grid {code}</source>
        <translation>拆分网格 {code}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="468"/>
        <source>Repair community {code}</source>
        <translation>修复社区 {code}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="505"/>
        <source>The edits were NOT saved in {path}; they are kept in the layer “{layer}” (save again, or undo). QGIS reports: {errors}</source>
        <translation>编辑未能保存到 {path}；编辑仍保留在图层“{layer}”中（请再次保存，或撤销）。QGIS 报告：{errors}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="512"/>
        <source>The edits were NOT saved completely: {path} differs from the plan in the dock ({problems}).</source>
        <translation>编辑未能完整保存：{path} 与工作台中的方案不一致（{problems}）。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="525"/>
        <source>building {fid} is not in the file</source>
        <translation>楼栋 {fid} 不在文件中</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="526"/>
        <source>building {fid} has grid {found} in the file, {expected} in the dock</source>
        <translation>楼栋 {fid} 在文件中属于网格 {found}，在工作台中属于 {expected}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="530"/>
        <source>{n} buildings in all</source>
        <translation>共 {n} 栋楼</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="535"/>
        <source>grid {code} has {found} households in the file, {expected} in the dock</source>
        <translation>网格 {code} 在文件中为 {found} 户，在工作台中为 {expected} 户</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="595"/>
        <source>Use scenario {name}</source>
        <translation>采用方案 {name}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="606"/>
        <source>no reason given</source>
        <translation>未给出原因</translation>
    </message>
    <message>
        <location filename="../plugin/dock/staffing.py" line="44"/>
        <source>name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../plugin/dock/staffing.py" line="44"/>
        <source>role</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../plugin/dock/staffing.py" line="44"/>
        <source>place</source>
        <translation>岗位</translation>
    </message>
    <message>
        <location filename="../plugin/dock/staffing.py" line="45"/>
        <source>phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../plugin/dock/staffing.py" line="86"/>
        <source>Staff grids…</source>
        <translation>配备人员…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/staffing.py" line="88"/>
        <source>Micro-grids…</source>
        <translation>划分微网格…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/staffing.py" line="96"/>
        <source>Select a grid in the Grids tab to see its workers and micro-grids.</source>
        <translation>在“网格”页选择一个网格，即可查看其人员和微网格。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/staffing.py" line="172"/>
        <source>Grid {grid}: {workers} worker(s), {groups} micro-grid(s)</source>
        <translation>网格 {grid}：人员 {workers} 名，微网格 {groups} 个</translation>
    </message>
    <message>
        <location filename="../plugin/dock/store.py" line="48"/>
        <source>Could not write the layer {name} in {path}: {error}</source>
        <translation>无法在 {path} 中写入图层 {name}：{error}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/store.py" line="61"/>
        <source>Could not create the layer {name} in {path}: {error}</source>
        <translation>无法在 {path} 中创建图层 {name}：{error}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/store.py" line="86"/>
        <source>Give the scenario a name.</source>
        <translation>请为方案命名。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/store.py" line="88"/>
        <source>Community {code} already has a scenario named “{name}”.</source>
        <translation>社区 {code} 已有名为“{name}”的方案。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/store.py" line="116"/>
        <source>No scenario “{name}” in {path}.</source>
        <translation>{path} 中没有方案“{name}”。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/store.py" line="121"/>
        <source>No scenario “{name}” for community {code}.</source>
        <translation>社区 {code} 没有方案“{name}”。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/store.py" line="135"/>
        <source>Could not mark the scenario final in {path}.</source>
        <translation>无法在 {path} 中将方案标记为最终方案。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="135"/>
        <source>Grid Planner</source>
        <translation>网格规划</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="160"/>
        <source>Set-up</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="162"/>
        <source>Redraw</source>
        <translation>调整</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="163"/>
        <source>Scenarios</source>
        <translation>方案比较</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="164"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="167"/>
        <source>One network</source>
        <translation>一张网</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="184"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="190"/>
        <source>Choose the layers, then Propose.</source>
        <translation>选择图层后点击“生成网格”。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="318"/>
        <source>More options</source>
        <translation>更多选项</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="342"/>
        <source>Plan GeoPackage</source>
        <translation>方案 GeoPackage</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="343"/>
        <source>Replace an existing plan file</source>
        <translation>覆盖已有方案文件</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="345"/>
        <source>Propose grids</source>
        <translation>生成网格</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="347"/>
        <source>Open the plan file</source>
        <translation>打开方案文件</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="348"/>
        <source>Continue editing a plan saved earlier in the plan GeoPackage</source>
        <translation>继续编辑之前保存在方案 GeoPackage 中的方案</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="407"/>
        <source>Problems (click to zoom)</source>
        <translation>问题（点击可缩放至网格）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="413"/>
        <source>Select a grid on the map, in the table or in the list.</source>
        <translation>请在地图、表格或列表中选择一个网格。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="416"/>
        <source>Move selected buildings</source>
        <translation>移动所选建筑</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="419"/>
        <source>whole compound</source>
        <translation>整个小区</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="420"/>
        <source>Move to grid</source>
        <translation>移入网格</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="422"/>
        <source>Target grid</source>
        <translation>目标网格</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="426"/>
        <source>Move by clicking on the map</source>
        <translation>在地图上点击移动</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="433"/>
        <source>Split, merge, lock (the selected grid)</source>
        <translation>拆分、合并、锁定（所选网格）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="435"/>
        <source>Split in two</source>
        <translation>一分为二</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="438"/>
        <source>Merge into</source>
        <translation>并入</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="440"/>
        <source>Lock / unlock</source>
        <translation>锁定/解锁</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="448"/>
        <source>Repair</source>
        <translation>修复</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="450"/>
        <source>Repair the community (keeps locked grids)</source>
        <translation>修复本社区（保留锁定网格）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="458"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="460"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="462"/>
        <source>Save edits</source>
        <translation>保存编辑</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="475"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="477"/>
        <source>Export as CSV…</source>
        <translation>导出为 CSV…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="492"/>
        <source>scenario name</source>
        <translation>方案名称</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="493"/>
        <source>Keep as scenario</source>
        <translation>保存为方案</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="503"/>
        <source>Use as final</source>
        <translation>设为最终方案</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="599"/>
        <source>Plan {path} opened.</source>
        <translation>已打开方案 {path}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="635"/>
        <source>{what} failed: {error}. Details are in the Grid Planner log.</source>
        <translation>{what}失败：{error}。详情见“Grid Planner”日志。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="642"/>
        <source>Propose</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="650"/>
        <source>Choose the buildings layer.</source>
        <translation>请选择建筑图层。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="652"/>
        <source>Choose the households field of the buildings layer.</source>
        <translation>请选择建筑图层的户数字段。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="680"/>
        <source>Choose an existing plan GeoPackage.</source>
        <translation>请选择已有的方案 GeoPackage。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="724"/>
        <source>Grid Planner: planning grids</source>
        <translation>网格规划：正在划分网格</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="764"/>
        <source>Cancelled: nothing was changed.</source>
        <translation>已取消：未做任何更改。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="768"/>
        <source>Applying the result</source>
        <translation>应用结果</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="775"/>
        <source>{grids} grids planned; {share:.0%} of basic grids in the band. Saved in {path}.</source>
        <translation>已划分 {grids} 个网格，基础网格达标率 {share:.0%}。已保存至 {path}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="787"/>
        <source>Grid {code} split in two: {codes}.</source>
        <translation>网格 {code} 已一分为二：{codes}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="790"/>
        <source>Community {code} repaired: {n} grids changed ({codes}).</source>
        <translation>社区 {code} 已修复：{n} 个网格有变化（{codes}）。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="793"/>
        <source>Community {code} repaired: no grid changed.</source>
        <translation>社区 {code} 已修复：没有网格变化。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="850"/>
        <source>Could not open the layer {name} of {path}.</source>
        <translation>无法打开 {path} 中的图层 {name}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="903"/>
        <source>The layer “{layer}” of {path} has unsaved edits: save them (Save edits) or undo them first.</source>
        <translation>{path} 的图层“{layer}”有未保存的编辑：请先保存（保存编辑）或撤销。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="963"/>
        <source>{grids} grids, {households} households; {share:.0%} of basic grids in the band; workload CV {cv:.2f}; {parts} in several parts; {crossings} barrier crossings.</source>
        <translation>{grids} 个网格，{households} 户；基础网格达标率 {share:.0%}；工作量变异系数 {cv:.2f}；{parts} 个不连续；跨越障碍 {crossings} 处。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="999"/>
        <source>Grid {code}: {households} households ({deviation:+d} from the target {target}), {buildings} buildings, workload {workload:.0f}, compactness {compactness:.2f}; {status}{locked}.</source>
        <translation>网格 {code}：{households} 户（相对目标 {target} 为 {deviation:+d}），{buildings} 栋楼，工作量 {workload:.0f}，紧凑度 {compactness:.2f}；{status}{locked}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1003"/>
        <source>, locked</source>
        <translation>，已锁定</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1005"/>
        <source>Why: {reason}</source>
        <translation>原因：{reason}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1078"/>
        <source>Propose a plan first (or open one).</source>
        <translation>请先生成（或打开）方案。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1085"/>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1102"/>
        <source>Locked grid</source>
        <translation>已锁定的网格</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1102"/>
        <source>Move the buildings anyway?</source>
        <translation>仍然移动这些楼栋吗？</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1103"/>
        <source>Nothing moved: grid {codes} is locked.</source>
        <translation>未移动：网格 {codes} 已锁定。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1106"/>
        <source>{n} buildings moved to grid {code}.</source>
        <translation>已将 {n} 栋建筑移入网格 {code}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1173"/>
        <source>Merge anyway?</source>
        <translation>仍然合并吗？</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1174"/>
        <source>Nothing merged: grid {codes} is locked.</source>
        <translation>未合并：网格 {codes} 已锁定。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1177"/>
        <source>Grid {other} merged into {keep} ({n} buildings).</source>
        <translation>网格 {other} 已并入 {keep}（{n} 栋建筑）。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1179"/>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1186"/>
        <source>Select a grid on the map, in the table or in the problem list first.</source>
        <translation>请先在地图、表格或问题列表中选择一个网格。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1197"/>
        <source>Grid {code} locked.</source>
        <translation>网格 {code} 已锁定。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1197"/>
        <source>Grid {code} unlocked.</source>
        <translation>网格 {code} 已解锁。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1199"/>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1210"/>
        <source>Grid Planner: splitting grid {code}</source>
        <translation>网格规划：正在拆分网格 {code}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1211"/>
        <source>Split</source>
        <translation>拆分</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1222"/>
        <source>Grid Planner: repairing community {code}</source>
        <translation>网格规划：正在修复社区 {code}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1231"/>
        <source>{code}: {before} → {after} households</source>
        <translation>{code}：{before} → {after} 户</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1234"/>
        <source>Nothing moved.</source>
        <translation>没有变动。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1237"/>
        <source>{n} buildings ({h} households) changed grid:</source>
        <translation>{n} 栋建筑（{h} 户）更换了网格：</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1242"/>
        <source>  {src} → {dst}: {n} buildings, {h} households</source>
        <translation>  {src} → {dst}：{n} 栋，{h} 户</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1247"/>
        <source>Grids changed: {changes}</source>
        <translation>变化的网格：{changes}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1256"/>
        <source>Last edit undone.</source>
        <translation>已撤销上一步编辑。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1256"/>
        <source>Last edit redone.</source>
        <translation>已重做上一步编辑。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1268"/>
        <source>Edits saved in {path}.</source>
        <translation>编辑已保存至 {path}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1281"/>
        <source>Scenario “{name}” kept.</source>
        <translation>已保存方案“{name}”。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1282"/>
        <source>Keep scenario</source>
        <translation>保存方案</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1292"/>
        <source>Compare scenarios</source>
        <translation>比较方案</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1302"/>
        <source>(current)</source>
        <translation>（当前）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1329"/>
        <source>Keep a scenario first.</source>
        <translation>请先保存一个方案。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1334"/>
        <source>Scenario “{name}” is now the plan ({n} buildings changed grid).</source>
        <translation>方案“{name}”已设为当前方案（{n} 栋建筑更换了网格）。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1336"/>
        <source>Use scenario</source>
        <translation>采用方案</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1359"/>
        <source>Export the audit log</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1359"/>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1366"/>
        <source>{path} exists; choose another file name.</source>
        <translation>{path} 已存在；请换一个文件名。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="1367"/>
        <source>Audit log written to {path}.</source>
        <translation>审计日志已写入 {path}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/zones.py" line="48"/>
        <source>&lt;b&gt;One network&lt;/b&gt; (多网合一): group whole grids into a department's zones (police beats of 3–6 grids …), or audit a department's existing zones against the grids and reconcile them. &lt;b&gt;Rural grids&lt;/b&gt;: plan from natural villages that tile each administrative village.</source>
        <translation>&lt;b&gt;一张网&lt;/b&gt;（多网合一）：将完整的网格组合成部门的片区（由 3–6 个网格组成的警格……），或对照网格核查部门的现有片区并加以调整。&lt;b&gt;农村网格&lt;/b&gt;：根据铺满每个行政村的自然村进行规划。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/zones.py" line="54"/>
        <source>Zones of whole grids / audit a department…</source>
        <translation>由完整网格组成片区 / 核查部门片区…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/zones.py" line="57"/>
        <source>Plan rural grids from villages…</source>
        <translation>按村庄规划农村网格…</translation>
    </message>
    <message>
        <location filename="../plugin/planfile.py" line="118"/>
        <source>The edits of the plan open in the Grid Planner dock were saved before the export.</source>
        <translation>导出前已保存网格规划工作台中打开的方案的编辑。</translation>
    </message>
    <message>
        <location filename="../plugin/planfile.py" line="124"/>
        <source>The plan is open in the Grid Planner dock with unsaved edits; they are not part of this run (save them in the dock first).</source>
        <translation>该方案已在网格规划工作台中打开且有未保存的编辑；本次运行不包含这些编辑（请先在工作台中保存）。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="75"/>
        <source>An error occurred ({what}): {error}. See the Grid Planner tab of the log.</source>
        <translation>发生错误（{what}）：{error}。详见日志中的“Grid Planner”标签页。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="102"/>
        <source>The Grid Planner Processing provider could not be registered.</source>
        <translation>无法注册网格规划的处理工具提供者。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="112"/>
        <source>Plan grids…</source>
        <translation>规划网格…</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="116"/>
        <source>Grid Planner: divide communities into management grids</source>
        <translation>网格规划：将社区划分为管理网格</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="117"/>
        <source>Opens the Processing dialog of Plan grids.</source>
        <translation>打开“规划网格”处理工具对话框。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="120"/>
        <source>Check Python packages…</source>
        <translation>检查 Python 依赖包…</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="124"/>
        <source>Planner workspace</source>
        <translation>规划工作台</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="128"/>
        <source>Grid Planner: propose, inspect and redraw grids in a dock</source>
        <translation>网格规划：在停靠面板中生成、检查和调整网格</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="150"/>
        <source>Missing Python packages: {names}. Use Vector ▸ {menu} ▸ Check Python packages… to see how to install them.</source>
        <translation>缺少 Python 包：{names}。请通过 矢量 ▸ {menu} ▸ 检查 Python 依赖包… 查看安装方法。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="163"/>
        <source>Grid Planner: Python packages</source>
        <translation>网格规划：Python 依赖包</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="169"/>
        <source>All the Python packages Grid Planner needs are installed.</source>
        <translation>网格规划所需的 Python 包均已安装。</translation>
    </message>
    <message>
        <location filename="../plugin/provider.py" line="40"/>
        <source>Grid Planner: community management grids</source>
        <translation>网格规划：社区管理网格</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="154"/>
        <source>hh</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="241"/>
        <source>information</source>
        <translation>提示信息</translation>
    </message>
    <message>
        <location filename="../plugin/styling.py" line="242"/>
        <source>problem</source>
        <translation>问题</translation>
    </message>
</context>
</TS>
