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
        <location filename="../plugin/dock/chart.py" line="58"/>
        <source>Households per grid</source>
        <translation>各网格户数</translation>
    </message>
    <message>
        <location filename="../plugin/dock/chart.py" line="58"/>
        <source>Workload per grid</source>
        <translation>各网格工作量</translation>
    </message>
    <message>
        <location filename="../plugin/dock/chart.py" line="63"/>
        <source>No plan yet</source>
        <translation>尚无方案</translation>
    </message>
    <message>
        <location filename="../plugin/dock/chart.py" line="87"/>
        <source>min</source>
        <translation>最小</translation>
    </message>
    <message>
        <location filename="../plugin/dock/chart.py" line="87"/>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../plugin/dock/chart.py" line="88"/>
        <source>max</source>
        <translation>最大</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="16"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="17"/>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="18"/>
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="19"/>
        <source>Workload</source>
        <translation>工作量</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="20"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="21"/>
        <source>Parts</source>
        <translation>块数</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="22"/>
        <source>Compactness</source>
        <translation>紧凑度</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="23"/>
        <source>Barrier crossings</source>
        <translation>跨越障碍</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="24"/>
        <source>Locked</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="31"/>
        <source>in band</source>
        <translation>在范围内</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="32"/>
        <source>below minimum</source>
        <translation>低于下限</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="33"/>
        <source>above maximum</source>
        <translation>高于上限</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="34"/>
        <source>crosses a barrier</source>
        <translation>跨越障碍</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="35"/>
        <source>not contiguous</source>
        <translation>不连续</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="36"/>
        <source>dedicated</source>
        <translation>专属</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="37"/>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model.py" line="38"/>
        <source>empty</source>
        <translation>空</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="97"/>
        <source>The buildings layer has no field “grid_code”: open a plan made by Grid Planner.</source>
        <translation>建筑图层没有“grid_code”字段：请打开由网格规划生成的方案。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="191"/>
        <source>Could not add grids to {path}.</source>
        <translation>无法向 {path} 添加网格。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="202"/>
        <source>The layer “{layer}” cannot be edited.</source>
        <translation>图层“{layer}”无法编辑。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="211"/>
        <source>Could not change building {fid}.</source>
        <translation>无法修改建筑 {fid}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="225"/>
        <source>There is no grid {code}.</source>
        <translation>不存在网格 {code}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="228"/>
        <source>Select the buildings to move in the layer “{layer}”.</source>
        <translation>请在图层“{layer}”中选择要移动的建筑。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="233"/>
        <source>Move {n} buildings to grid {code}</source>
        <translation>将 {n} 栋建筑移入网格 {code}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="239"/>
        <source>Choose two different grids to merge.</source>
        <translation>请选择两个不同的网格进行合并。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="241"/>
        <source>Merge grid {other} into {keep}</source>
        <translation>将网格 {other} 并入 {keep}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="262"/>
        <source>Grid {code} has fewer than two buildings: it cannot be split.</source>
        <translation>网格 {code} 的建筑少于两栋，无法拆分。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="282"/>
        <source>Community {code} has no buildings in this plan.</source>
        <translation>本方案中社区 {code} 没有建筑。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="310"/>
        <source>Split grid {code}</source>
        <translation>拆分网格 {code}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="313"/>
        <source>Repair community {code}</source>
        <translation>修复社区 {code}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/session.py" line="367"/>
        <source>Use scenario {name}</source>
        <translation>采用方案 {name}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/store.py" line="49"/>
        <source>Could not create the layer {name} in {path}: {error}</source>
        <translation>无法在 {path} 中创建图层 {name}：{error}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/store.py" line="74"/>
        <source>Give the scenario a name.</source>
        <translation>请为方案命名。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/store.py" line="76"/>
        <source>Community {code} already has a scenario named “{name}”.</source>
        <translation>社区 {code} 已有名为“{name}”的方案。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/store.py" line="104"/>
        <source>No scenario “{name}” in {path}.</source>
        <translation>{path} 中没有方案“{name}”。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/store.py" line="109"/>
        <source>No scenario “{name}” for community {code}.</source>
        <translation>社区 {code} 没有方案“{name}”。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/store.py" line="123"/>
        <source>Could not mark the scenario final in {path}.</source>
        <translation>无法在 {path} 中将方案标记为最终方案。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/style.py" line="56"/>
        <source>hh</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="58"/>
        <source>Share of basic grids in the band</source>
        <translation>基础网格达标率</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="59"/>
        <source>Basic grids outside the band</source>
        <translation>超出范围的基础网格</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="60"/>
        <source>Workload CV</source>
        <translation>工作量变异系数</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="61"/>
        <source>Workload max/min</source>
        <translation>工作量最大/最小比</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="62"/>
        <source>Mean compactness</source>
        <translation>平均紧凑度</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="63"/>
        <source>Grids in several parts</source>
        <translation>不连续网格数</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="65"/>
        <source>Avoidable compound splits</source>
        <translation>可避免的小区拆分</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="76"/>
        <source>Grid Planner</source>
        <translation>网格规划</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="93"/>
        <source>Set-up</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="95"/>
        <source>Redraw</source>
        <translation>调整</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="96"/>
        <source>Scenarios</source>
        <translation>方案比较</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="105"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="111"/>
        <source>Choose the layers, then Propose.</source>
        <translation>选择图层后点击“生成网格”。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="149"/>
        <source>  households</source>
        <translation>  户数</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="150"/>
        <source>  population</source>
        <translation>  人口</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="151"/>
        <source>  compound (小区)</source>
        <translation>  小区</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="152"/>
        <source>  dedicated site</source>
        <translation>  专属场所</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="154"/>
        <source>  code</source>
        <translation>  代码</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="155"/>
        <source>  name</source>
        <translation>  名称</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="157"/>
        <source>  road class</source>
        <translation>  道路等级</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="158"/>
        <source>Water areas</source>
        <translation>水域面</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="159"/>
        <source>Rivers (lines)</source>
        <translation>河流（线）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="169"/>
        <source>Workload weights</source>
        <translation>工作量权重</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="175"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="176"/>
        <source>Plan GeoPackage</source>
        <translation>方案 GeoPackage</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="177"/>
        <source>Replace an existing plan file</source>
        <translation>覆盖已有方案文件</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="179"/>
        <source>Propose grids</source>
        <translation>生成网格</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="181"/>
        <source>Open the plan file</source>
        <translation>打开方案文件</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="182"/>
        <source>Continue editing a plan saved earlier in the plan GeoPackage</source>
        <translation>继续编辑之前保存在方案 GeoPackage 中的方案</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="200"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="227"/>
        <source>Move selected buildings</source>
        <translation>移动所选建筑</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="230"/>
        <source>whole compound</source>
        <translation>整个小区</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="231"/>
        <source>Move to grid</source>
        <translation>移入网格</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="233"/>
        <source>Target grid</source>
        <translation>目标网格</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="237"/>
        <source>Move by clicking on the map</source>
        <translation>在地图上点击移动</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="244"/>
        <source>Split, merge, lock (grid selected in the table)</source>
        <translation>拆分、合并、锁定（表中所选网格）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="246"/>
        <source>Split in two</source>
        <translation>一分为二</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="249"/>
        <source>Merge into</source>
        <translation>并入</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="251"/>
        <source>Lock / unlock</source>
        <translation>锁定/解锁</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="259"/>
        <source>Repair</source>
        <translation>修复</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="261"/>
        <source>Repair the community (keeps locked grids)</source>
        <translation>修复本社区（保留锁定网格）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="269"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="271"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="273"/>
        <source>Save edits</source>
        <translation>保存编辑</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="286"/>
        <source>scenario name</source>
        <translation>方案名称</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="287"/>
        <source>Keep as scenario</source>
        <translation>保存为方案</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="297"/>
        <source>Use as final</source>
        <translation>设为最终方案</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="381"/>
        <source>{what} failed: {error}. Details are in the Grid Planner log.</source>
        <translation>{what}失败：{error}。详情见“Grid Planner”日志。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="388"/>
        <source>Propose</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="396"/>
        <source>Choose the buildings layer.</source>
        <translation>请选择建筑图层。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="398"/>
        <source>Choose the households field of the buildings layer.</source>
        <translation>请选择建筑图层的户数字段。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="430"/>
        <source>Choose an existing plan GeoPackage.</source>
        <translation>请选择已有的方案 GeoPackage。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="432"/>
        <source>A task is already running; wait for it or cancel it.</source>
        <translation>已有任务在运行，请等待或取消。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="436"/>
        <source>Plan {path} opened.</source>
        <translation>已打开方案 {path}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="447"/>
        <source>Choose the GeoPackage the plan is saved in.</source>
        <translation>请选择保存方案的 GeoPackage 文件。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="471"/>
        <source>Grid Planner: planning grids</source>
        <translation>网格规划：正在划分网格</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="511"/>
        <source>Cancelled: nothing was changed.</source>
        <translation>已取消：未做任何更改。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="515"/>
        <source>Applying the result</source>
        <translation>应用结果</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="522"/>
        <source>{grids} grids planned; {share:.0%} of basic grids in the band. Saved in {path}.</source>
        <translation>已划分 {grids} 个网格，基础网格达标率 {share:.0%}。已保存至 {path}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="552"/>
        <source>Could not open the layer {name} of {path}.</source>
        <translation>无法打开 {path} 中的图层 {name}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="609"/>
        <source>{grids} grids, {households} households; {share:.0%} of basic grids in the band; workload CV {cv:.2f}; {parts} in several parts; {crossings} barrier crossings.</source>
        <translation>{grids} 个网格，{households} 户；基础网格达标率 {share:.0%}；工作量变异系数 {cv:.2f}；{parts} 个不连续；跨越障碍 {crossings} 处。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="665"/>
        <source>Propose a plan first (or open one).</source>
        <translation>请先生成（或打开）方案。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="672"/>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="680"/>
        <source>{n} buildings moved to grid {code}.</source>
        <translation>已将 {n} 栋建筑移入网格 {code}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="703"/>
        <source>Grid {other} merged into {keep} ({n} buildings).</source>
        <translation>网格 {other} 已并入 {keep}（{n} 栋建筑）。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="705"/>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="712"/>
        <source>Select a grid in the table first.</source>
        <translation>请先在表中选择一个网格。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="722"/>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="733"/>
        <source>Grid Planner: splitting grid {code}</source>
        <translation>网格规划：正在拆分网格 {code}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="734"/>
        <source>Split</source>
        <translation>拆分</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="745"/>
        <source>Grid Planner: repairing community {code}</source>
        <translation>网格规划：正在修复社区 {code}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="752"/>
        <source>Nothing moved.</source>
        <translation>没有变动。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="755"/>
        <source>{n} buildings ({h} households) changed grid:</source>
        <translation>{n} 栋建筑（{h} 户）更换了网格：</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="758"/>
        <source>  {src} → {dst}: {n} buildings, {h} households</source>
        <translation>  {src} → {dst}：{n} 栋，{h} 户</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="779"/>
        <source>Edits saved in {path}.</source>
        <translation>编辑已保存至 {path}。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="791"/>
        <source>Scenario “{name}” kept.</source>
        <translation>已保存方案“{name}”。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="792"/>
        <source>Keep scenario</source>
        <translation>保存方案</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="802"/>
        <source>Compare scenarios</source>
        <translation>比较方案</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="812"/>
        <source>(current)</source>
        <translation>（当前）</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="839"/>
        <source>Keep a scenario first.</source>
        <translation>请先保存一个方案。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="844"/>
        <source>Scenario “{name}” is now the plan ({n} buildings changed grid).</source>
        <translation>方案“{name}”已设为当前方案（{n} 栋建筑更换了网格）。</translation>
    </message>
    <message>
        <location filename="../plugin/dock/widget.py" line="846"/>
        <source>Use scenario</source>
        <translation>采用方案</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="72"/>
        <source>An error occurred ({what}): {error}. See the Grid Planner tab of the log.</source>
        <translation>发生错误（{what}）：{error}。详见日志中的“Grid Planner”标签页。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="99"/>
        <source>The Grid Planner Processing provider could not be registered.</source>
        <translation>无法注册网格规划的处理工具提供者。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="109"/>
        <source>Plan grids…</source>
        <translation>规划网格…</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="113"/>
        <source>Grid Planner: divide communities into management grids</source>
        <translation>网格规划：将社区划分为管理网格</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="114"/>
        <source>Opens the Processing dialog of Plan grids.</source>
        <translation>打开“规划网格”处理工具对话框。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="117"/>
        <source>Check Python packages…</source>
        <translation>检查 Python 依赖包…</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="121"/>
        <source>Planner workspace</source>
        <translation>规划工作台</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="125"/>
        <source>Grid Planner: propose, inspect and redraw grids in a dock</source>
        <translation>网格规划：在停靠面板中生成、检查和调整网格</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="147"/>
        <source>Missing Python packages: {names}. Use Vector ▸ {menu} ▸ Check Python packages… to see how to install them.</source>
        <translation>缺少 Python 包：{names}。请通过 矢量 ▸ {menu} ▸ 检查 Python 依赖包… 查看安装方法。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="160"/>
        <source>Grid Planner: Python packages</source>
        <translation>网格规划：Python 依赖包</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="166"/>
        <source>All the Python packages Grid Planner needs are installed.</source>
        <translation>网格规划所需的 Python 包均已安装。</translation>
    </message>
    <message>
        <location filename="../plugin/provider.py" line="29"/>
        <source>Grid Planner: community management grids</source>
        <translation>网格规划：社区管理网格</translation>
    </message>
</context>
</TS>
