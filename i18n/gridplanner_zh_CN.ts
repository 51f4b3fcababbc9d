<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>GridPlanner</name>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="79"/>
        <source>Plan grids</source>
        <translation>规划网格</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="91"/>
        <source>grid,网格,community,社区,households,partition,redistricting,planning</source>
        <translation>网格,网格化管理,社区,户数,划分,规划,grid,community</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="94"/>
        <source>Divides communities into management grids of balanced households and workload.</source>
        <translation>将社区划分为户数和工作量均衡的管理网格。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="98"/>
        <source>Divides every community into management grids (网格) of about the target number of households, one grid worker each. Grids tile the community without gap or overlap, follow roads, rivers and community boundaries, never split a building and keep residential compounds whole when they fit in one grid.</source>
        <translation>按目标户数将每个社区划分为管理网格，每个网格配一名网格员。网格无缝隙、无重叠地覆盖整个社区，沿道路、河流和社区边界划界，不拆分楼栋；小区能放进一个网格时保持完整。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="104"/>
        <source>&lt;b&gt;Buildings&lt;/b&gt;: footprints or points with a households field (and, when available, population, compound id and workload attributes). &lt;b&gt;Communities&lt;/b&gt;: boundaries with a 12-digit code and a name; a grid never crosses a community line. &lt;b&gt;Roads&lt;/b&gt; with an OpenStreetMap highway class, and &lt;b&gt;water&lt;/b&gt;, give the grid boundaries; roads of the hard classes are never crossed by a grid.</source>
        <translation>&lt;b&gt;建筑&lt;/b&gt;：带户数字段的建筑轮廓或点（如有，还可提供人口、小区编号和工作量属性）。&lt;b&gt;社区&lt;/b&gt;：带12位代码和名称的社区边界，网格不会跨越社区界线。&lt;b&gt;道路&lt;/b&gt;（带 OpenStreetMap 的 highway 等级）和&lt;b&gt;水系&lt;/b&gt;构成网格边界；属于“不可跨越等级”的道路，网格绝不跨越。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="111"/>
        <source>&lt;b&gt;Dedicated sites&lt;/b&gt; (advanced parameters): buildings that share a value in the dedicated site field (a school, a hospital, a market) form a grid of their own (专属网格).</source>
        <translation>&lt;b&gt;专属网格&lt;/b&gt;（高级参数）：在“专属场所字段”中取值相同的建筑（如学校、医院、市场）单独组成一个网格。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="115"/>
        <source>&lt;b&gt;Households per grid&lt;/b&gt;: every grid should hold between the minimum and the maximum; the planner aims at the target. A building or compound that is too large on its own, or a community that is too small, is reported instead of hidden.</source>
        <translation>&lt;b&gt;每格户数&lt;/b&gt;：每个网格的户数应在最小值与最大值之间，并尽量接近目标值。单栋楼或单个小区本身超过上限、或社区总户数不足下限时，会如实列出，而不是被掩盖。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="120"/>
        <source>&lt;b&gt;Workload weights&lt;/b&gt;: an optional TOML or JSON file with the weights of the workload attributes (elderly living alone, disabled residents, rental units, shops, key sites); without it the default weights are used. &lt;b&gt;Seed&lt;/b&gt;: the same inputs and seed always give the same plan.</source>
        <translation>&lt;b&gt;工作量权重&lt;/b&gt;：可选的 TOML 或 JSON 文件，设定各项工作量属性（独居老人、残疾人、出租房、商铺、重点场所）的权重；不提供时使用默认权重。&lt;b&gt;随机种子&lt;/b&gt;：相同的输入和种子总是得到相同的方案。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="126"/>
        <source>&lt;b&gt;Outputs&lt;/b&gt;: grids with their 15-digit code (community code + sequence, west to east then north to south), households, population, workload, compactness and a status with its reason; the buildings with the code of their grid; and the problems found (invalid or duplicate geometries, missing values, rules the plan could not meet) as points to zoom to.</source>
        <translation>&lt;b&gt;输出&lt;/b&gt;：网格图层，含15位网格编码（社区代码＋顺序号，先自西向东、再自北向南）、户数、人口、工作量、紧凑度以及状态和原因；带所属网格编码的建筑图层；以及发现的问题（无效或重复的几何、缺失的数值、方案无法满足的规则），以点的形式给出，便于定位查看。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="150"/>
        <source>Buildings</source>
        <translation>建筑</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="156"/>
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="161"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="167"/>
        <source>Water (rivers, lakes; areas or centre lines)</source>
        <translation>水系（河流、湖泊；面或中心线）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="175"/>
        <source>Households field</source>
        <translation>户数字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="187"/>
        <source>Population field</source>
        <translation>人口字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="197"/>
        <source>Compound (小区) id field</source>
        <translation>小区编号字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="205"/>
        <source>Compound (小区) name field</source>
        <translation>小区名称字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="212"/>
        <source>Dedicated site field (buildings with the same value form a dedicated grid, 专属网格)</source>
        <translation>专属场所字段（取值相同的建筑组成一个专属网格）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="222"/>
        <source>Community code field</source>
        <translation>社区代码字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="231"/>
        <source>Community name field</source>
        <translation>社区名称字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="240"/>
        <source>Road class field</source>
        <translation>道路等级字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="249"/>
        <source>Road classes a grid never crosses (comma-separated)</source>
        <translation>网格不可跨越的道路等级（以逗号分隔）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="255"/>
        <source>Minimum households per grid</source>
        <translation>每格最少户数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="256"/>
        <source>Maximum households per grid</source>
        <translation>每格最多户数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="257"/>
        <source>Target households per grid</source>
        <translation>每格目标户数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="266"/>
        <source>Workload weights file</source>
        <translation>工作量权重文件</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="268"/>
        <source>Workload weights (*.toml *.json)</source>
        <translation>工作量权重文件 (*.toml *.json)</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="273"/>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="279"/>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="284"/>
        <source>Buildings with grid code</source>
        <translation>带网格编码的建筑</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="293"/>
        <source>Problems</source>
        <translation>问题清单</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="299"/>
        <source>Number of grids</source>
        <translation>网格数量</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="300"/>
        <source>Number of problems</source>
        <translation>问题数量</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="310"/>
        <source>The households per grid must satisfy minimum ≤ target ≤ maximum (got {low}, {target}, {high}).</source>
        <translation>每格户数须满足 最少 ≤ 目标 ≤ 最多（当前为 {low}、{target}、{high}）。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="327"/>
        <source>Choose the {label}.</source>
        <translation>请选择{label}。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="332"/>
        <source>The layer has no field “{field}” ({label}); choose the field that holds it.</source>
        <translation>图层中没有字段“{field}”（{label}），请选择存放该数据的字段。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="335"/>
        <source>Field “{field}” ({label}) not found; it is not used.</source>
        <translation>未找到字段“{field}”（{label}），将不使用该字段。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="367"/>
        <source>households field</source>
        <translation>户数字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="370"/>
        <source>population field</source>
        <translation>人口字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="373"/>
        <source>compound id field</source>
        <translation>小区编号字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="376"/>
        <source>compound name field</source>
        <translation>小区名称字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="379"/>
        <source>dedicated site field</source>
        <translation>专属场所字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="383"/>
        <source>community code field</source>
        <translation>社区代码字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="387"/>
        <source>community name field</source>
        <translation>社区名称字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="390"/>
        <source>road class field</source>
        <translation>道路等级字段</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="396"/>
        <source>Reading layers…</source>
        <translation>正在读取图层…</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="437"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消，未写出任何结果。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="446"/>
        <source>Writing results…</source>
        <translation>正在写出结果…</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/plan_grids.py" line="509"/>
        <source>{grids} grids planned; {problems} problems reported.</source>
        <translation>已规划 {grids} 个网格，报告 {problems} 个问题。</translation>
    </message>
    <message>
        <location filename="../plugin/dependencies.py" line="133"/>
        <source>Grid Planner needs Python packages that are missing from QGIS's Python:</source>
        <translation>网格规划需要以下 Python 包，但 QGIS 自带的 Python 中缺少它们：</translation>
    </message>
    <message>
        <location filename="../plugin/dependencies.py" line="138"/>
        <source>Close QGIS, open the OSGeo4W Shell from the Start menu and run:</source>
        <translation>请关闭 QGIS，从“开始”菜单打开 OSGeo4W Shell，然后运行：</translation>
    </message>
    <message>
        <location filename="../plugin/dependencies.py" line="140"/>
        <source>Close QGIS, open a Terminal and run:</source>
        <translation>请关闭 QGIS，打开“终端”，然后运行：</translation>
    </message>
    <message>
        <location filename="../plugin/dependencies.py" line="142"/>
        <source>Close QGIS, open a terminal and run:</source>
        <translation>请关闭 QGIS，打开终端，然后运行：</translation>
    </message>
    <message>
        <location filename="../plugin/dependencies.py" line="146"/>
        <source>If pip refuses with "externally-managed-environment" (Debian 12, Ubuntu 23.04 and later), add --break-system-packages to the command, or start QGIS from a virtual environment made with --system-site-packages.</source>
        <translation>如果 pip 报错“externally-managed-environment”（Debian 12、Ubuntu 23.04 及更新版本），请在命令中加上 --break-system-packages，或者在用 --system-site-packages 创建的虚拟环境中启动 QGIS。</translation>
    </message>
    <message>
        <location filename="../plugin/dependencies.py" line="152"/>
        <source>Then restart QGIS.</source>
        <translation>然后重新启动 QGIS。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="70"/>
        <source>Grid Planner</source>
        <translation>网格规划</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="71"/>
        <source>An error occurred ({what}): {error}. See the Grid Planner tab of the log.</source>
        <translation>发生错误（{what}）：{error}。详见日志中的“Grid Planner”标签页。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="98"/>
        <source>The Grid Planner Processing provider could not be registered.</source>
        <translation>无法注册网格规划的处理工具提供者。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="108"/>
        <source>Plan grids…</source>
        <translation>规划网格…</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="112"/>
        <source>Grid Planner: divide communities into management grids</source>
        <translation>网格规划：将社区划分为管理网格</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="113"/>
        <source>Opens the Processing dialog of Plan grids.</source>
        <translation>打开“规划网格”处理工具对话框。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="116"/>
        <source>Check Python packages…</source>
        <translation>检查 Python 依赖包…</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="137"/>
        <source>Missing Python packages: {names}. Use Vector ▸ {menu} ▸ Check Python packages… to see how to install them.</source>
        <translation>缺少 Python 包：{names}。请通过 矢量 ▸ {menu} ▸ 检查 Python 依赖包… 查看安装方法。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="150"/>
        <source>Grid Planner: Python packages</source>
        <translation>网格规划：Python 依赖包</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="156"/>
        <source>All the Python packages Grid Planner needs are installed.</source>
        <translation>网格规划所需的 Python 包均已安装。</translation>
    </message>
    <message>
        <location filename="../plugin/provider.py" line="29"/>
        <source>Grid Planner: community management grids</source>
        <translation>网格规划：社区管理网格</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="60"/>
        <source>Export for governance</source>
        <translation>导出网格登记数据</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="72"/>
        <source>export,registration,网格编码,WGBM,GCJ-02,BD-09,CGCS2000,PostGIS,Shapefile</source>
        <translation>导出,登记,网格编码,WGBM,火星坐标,GCJ-02,百度坐标,BD-09,CGCS2000,PostGIS,Shapefile</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="75"/>
        <source>Validates a grid plan and exports it with a registration schema and coordinate system.</source>
        <translation>校验网格方案，并按登记字段规范和坐标系导出。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="79"/>
        <source>Exports the grids of a plan written by &lt;i&gt;Plan grids&lt;/i&gt; or &lt;i&gt;gridplanner plan&lt;/i&gt; (a GeoPackage with the layers grids and buildings) for registration in a governance platform.</source>
        <translation>导出由&lt;i&gt;规划网格&lt;/i&gt;或 &lt;i&gt;gridplanner plan&lt;/i&gt; 生成的方案（含 grids 和 buildings 图层的 GeoPackage）中的网格，用于在基层治理平台登记入库。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="83"/>
        <source>&lt;b&gt;Safety&lt;/b&gt;: the plan is checked first: households within the band, every grid in one piece, grids tiling each community without gap or overlap, every building in a grid, grid codes unique, of the right length and starting with their community code. An invalid plan is refused with the reasons unless &lt;i&gt;Export even if the plan fails the checks&lt;/i&gt; is ticked. An existing file or table is only replaced when asked.</source>
        <translation>&lt;b&gt;安全&lt;/b&gt;：先校验方案：户数在规定范围内，每个网格连成一片，网格无缝隙、无重叠地覆盖各社区，每栋楼都属于某个网格，网格编码唯一、位数正确且以所属社区代码开头。不合格的方案会被拒绝并说明原因，除非勾选&lt;i&gt;方案未通过校验也导出&lt;/i&gt;。已存在的文件或数据表只有在要求时才会被替换。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="90"/>
        <source>&lt;b&gt;Schema&lt;/b&gt;: &lt;i&gt;cn&lt;/i&gt; writes the Chinese registration fields (WGBM 网格编码, WGMC 网格名称, SZSQDM 所属社区代码, SZJDDM 所在街道代码, WGLX 网格类型, HS 户数, RK 人口, MJ 面积, WGY 网格员, CSRQ 初始日期, ZZRQ 终止日期); &lt;i&gt;en&lt;/i&gt; plain English names. A profile file (TOML or JSON) can rename, drop and add fields.</source>
        <translation>&lt;b&gt;字段规范&lt;/b&gt;：&lt;i&gt;cn&lt;/i&gt; 输出中文登记字段（WGBM 网格编码、WGMC 网格名称、SZSQDM 所属社区代码、SZJDDM 所在街道代码、WGLX 网格类型、HS 户数、RK 人口、MJ 面积、WGY 网格员、CSRQ 初始日期、ZZRQ 终止日期）；&lt;i&gt;en&lt;/i&gt; 使用英文字段名。可用配置文件（TOML 或 JSON）重命名、删除和增加字段。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="96"/>
        <source>&lt;b&gt;Coordinates&lt;/b&gt;: automatic (the plan's CRS; WGS 84 for GeoJSON and KML), the plan's CRS, CGCS2000 geographic (EPSG:4490), the CGCS2000 3-degree Gauss-Krüger zone of the data, GCJ-02 (AMap, Tencent) or BD-09 (Baidu) for web maps, or any other CRS.</source>
        <translation>&lt;b&gt;坐标系&lt;/b&gt;：自动（沿用方案的坐标系；GeoJSON 和 KML 使用 WGS 84）、沿用方案的坐标系、CGCS2000 地理坐标（EPSG:4490）、数据所在的 CGCS2000 高斯-克吕格 3 度带、用于互联网地图的 GCJ-02（高德、腾讯）或 BD-09（百度），或任意其他坐标系。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="101"/>
        <source>&lt;b&gt;Output&lt;/b&gt;: a GeoPackage, Shapefile (with a .cpg, UTF-8 or GBK), GeoJSON, KML or CSV (geometry as WKT) file, or a PostGIS table: give a service name or postgresql:// URI and a table name. Passwords are never shown; the table is replaced in one transaction.</source>
        <translation>&lt;b&gt;输出&lt;/b&gt;：GeoPackage、Shapefile（带 .cpg，UTF-8 或 GBK 编码）、GeoJSON、KML 或 CSV（几何为 WKT）文件，或 PostGIS 数据表：填写服务名或 postgresql:// 连接地址以及表名。密码不会显示；数据表在一个事务内替换。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="117"/>
        <source>Plan (GeoPackage written by Plan grids)</source>
        <translation>网格方案（由“规划网格”生成的 GeoPackage）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="118"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="120"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="121"/>
        <source>CSV (WKT geometry)</source>
        <translation>CSV（WKT 几何）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="121"/>
        <source>GeoJSON</source>
        <translation>GeoJSON</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="121"/>
        <source>GeoPackage</source>
        <translation>GeoPackage</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="121"/>
        <source>KML</source>
        <translation>KML</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="121"/>
        <source>PostGIS table</source>
        <translation>PostGIS 数据表</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="121"/>
        <source>Shapefile</source>
        <translation>Shapefile</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="124"/>
        <source>Chinese registration schema (WGBM, WGMC, …)</source>
        <translation>中文登记字段（WGBM、WGMC 等）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="124"/>
        <source>English field names</source>
        <translation>英文字段名</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="124"/>
        <source>Schema</source>
        <translation>字段规范</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="127"/>
        <source>Profile file (replaces the schema above)</source>
        <translation>字段配置文件（替代上面的字段规范）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="128"/>
        <source>Profiles (*.toml *.json)</source>
        <translation>字段配置文件 (*.toml *.json)</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="130"/>
        <source>Coordinates</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="131"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="131"/>
        <source>CGCS2000 geographic (EPSG:4490)</source>
        <translation>CGCS2000 地理坐标（EPSG:4490）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="131"/>
        <source>Keep the plan's CRS</source>
        <translation>沿用方案的坐标系</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="132"/>
        <source>CGCS2000 3-degree Gauss-Krüger zone of the data</source>
        <translation>数据所在的 CGCS2000 高斯-克吕格 3 度带</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="132"/>
        <source>GCJ-02 (AMap, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="133"/>
        <source>BD-09 (Baidu)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="133"/>
        <source>Other CRS (below)</source>
        <translation>其他坐标系（见下）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="135"/>
        <source>Other CRS</source>
        <translation>其他坐标系</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="137"/>
        <source>Text encoding (Shapefile, CSV)</source>
        <translation>文字编码（Shapefile、CSV）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="139"/>
        <source>PostgreSQL service name or URI (PostGIS only)</source>
        <translation>PostgreSQL 服务名或连接地址（仅 PostGIS）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="141"/>
        <source>PostGIS table (NAME or SCHEMA.NAME)</source>
        <translation>PostGIS 数据表（表名或 模式.表名）</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="143"/>
        <source>Export even if the plan fails the checks</source>
        <translation>方案未通过校验也导出</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="145"/>
        <source>Replace an existing file or table</source>
        <translation>替换已存在的文件或数据表</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="147"/>
        <source>Output file</source>
        <translation>输出文件</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="148"/>
        <source>GeoPackage (*.gpkg);;Shapefile (*.shp);;GeoJSON (*.geojson);;KML (*.kml);;CSV (*.csv)</source>
        <translation>GeoPackage (*.gpkg);;Shapefile (*.shp);;GeoJSON (*.geojson);;KML (*.kml);;CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="150"/>
        <source>Where the grids were written</source>
        <translation>网格写入位置</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="152"/>
        <source>Number of issues found by the checks</source>
        <translation>校验发现的问题数</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="171"/>
        <source>Choose the other CRS.</source>
        <translation>请选择其他坐标系。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="176"/>
        <source>Give the PostgreSQL service name or URI.</source>
        <translation>请填写 PostgreSQL 服务名或连接地址。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="180"/>
        <source>Choose the output file.</source>
        <translation>请选择输出文件。</translation>
    </message>
    <message>
        <location filename="../plugin/algorithms/export_plan.py" line="181"/>
        <source>Checking and exporting the plan…</source>
        <translation>正在校验并导出方案…</translation>
    </message>
</context>
</TS>
