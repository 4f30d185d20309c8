"""The mirror's articles, as data: title, date, source and body paragraphs.

Two kinds:

* WRITTEN: short 生态环境 news items written for this project. They are fiction in
  the style of real bureau news (no real page was copied, no official is named);
  numbers in them are made up.
* SEEDS: the five seed pages in tests/fixtures/seeds, read at build time. Only each
  seed's body lines become paragraphs; its title/date/source come from the spec
  below, and its own boilerplate (comment prompts, related lists, ad slots) is left
  out, because the mirror's page chrome plays that part. Seed text is kept verbatim,
  including its ASCII-folded punctuation, spun wording (001), × redactions (002)
  and glued pinyin plus the `新?lián)?` damage (004), so the cleaner meets them
  end to end.

`traditional()` turns a written article into the Traditional-script form the
`hant` site serves (OpenCC s2hk, then corner quotes, as Hong Kong pages write them).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "seeds"


@dataclass(frozen=True)
class Article:
    """One article as its page shows it. `published` is "YYYY-MM-DD[ HH:MM[:SS]]"."""

    key: str
    title: str
    published: str
    source: str | None
    paragraphs: tuple[str, ...]
    author: str | None = None
    editor: str | None = None
    summary: str | None = None
    keywords: str | None = None
    origin: str = "written"  # "written" or "seed NNN"


def _written(key: str, title: str, published: str, source: str, editor: str, *paragraphs: str) -> Article:
    return Article(key=key, title=title, published=published, source=source, paragraphs=paragraphs, editor=editor)


WRITTEN: dict[str, Article] = {
    a.key: a
    for a in (
        # --- ministry (trs) ---------------------------------------------------------
        _written(
            "mee_monitoring_qc",
            "生态环境部部署开展2022年生态环境监测质量监督检查",
            "2022-02-18 09:30",
            "生态环境部",
            "李婧",
            "近日，生态环境部印发《2022年生态环境监测质量监督检查工作方案》，部署对环境空气自动监测站、"
            "地表水水质自动监测站和社会化生态环境监测机构开展质量监督检查。",
            "方案明确，今年检查覆盖全部31个省（区、市），重点核查监测数据是否真实、准确、完整，"
            "对人为干扰自动监测设备、篡改伪造监测数据等行为依法严肃查处。",
            "检查采取“双随机、一公开”方式，随机抽取检查对象和检查人员，综合运用远程质控、飞行检查"
            "和比对监测等手段，检查结果将向社会公开。",
            "生态环境部有关负责人表示，监测数据质量是生态环境监测工作的生命线。各地要压实监测机构"
            "主体责任，健全质量管理体系，确保监测数据经得起检验。",
        ),
        _written(
            "mee_air_dispatch",
            "生态环境部召开重点区域大气污染防治视频调度会",
            "2022-02-25 16:20",
            "生态环境部",
            "王蕾",
            "2月24日，生态环境部召开重点区域大气污染防治视频调度会，通报今冬以来京津冀及周边地区、"
            "汾渭平原空气质量状况，分析研判下阶段污染形势，部署重污染天气应对工作。",
            "会议指出，今年1月以来，受不利气象条件影响，重点区域出现多次区域性污染过程。各地按照"
            "预警要求及时启动应急响应，有效削减了污染峰值、缩短了污染持续时间。",
            "会议要求，各地要紧盯采暖季收官阶段，持续抓好散煤治理、重点行业错峰生产和柴油货车管控，"
            "严防秸秆焚烧反弹，强化部门联动和区域联防联控。",
            "会议强调，要坚持精准治污、科学治污、依法治污，将应急减排措施落实到具体企业、具体生产线，"
            "坚决避免“一刀切”和简单粗暴做法。",
        ),
        _written(
            "mee_water_jan",
            "生态环境部发布2022年1月全国地表水环境质量状况",
            "2022-03-01 10:00",
            "生态环境部",
            "李婧",
            "3月1日，生态环境部发布2022年1月全国地表水环境质量状况。1月，国家地表水考核断面中，"
            "水质优良（Ⅰ—Ⅲ类）断面比例为87.6%，同比上升3.5个百分点；劣Ⅴ类断面比例为0.9%，"
            "同比下降0.6个百分点。",
            "长江、黄河、珠江、松花江、淮河、海河、辽河七大流域及西北诸河、西南诸河和浙闽片河流"
            "水质优良断面比例为90.3%，主要污染指标为化学需氧量、高锰酸盐指数和总磷。",
            "监测的重要湖（库）中，水质优良湖库比例为78.9%；开展营养状态监测的湖（库）中，"
            "中度富营养的有2个，轻度富营养的有11个。",
            "生态环境部有关负责人表示，将持续开展水质预警和跟踪分析，对水质下降明显的断面所在地方"
            "及时通报、督促整改。",
            "据了解，今年起国家地表水考核断面水质监测数据将按月公开，接受社会监督。各地可通过生态环境部网站"
            "查询本地区断面水质类别和主要污染指标。",
        ),
        _written(
            "mee_yangtze_outfalls",
            "生态环境部启动长江入河排污口整治专项督导",
            "2022-03-10 15:45",
            "生态环境部",
            "王蕾",
            "3月9日，生态环境部召开长江入河排污口整治专项督导启动会，部署对长江干流及主要支流沿线"
            "各省（市）入河排污口排查整治情况开展专项督导。",
            "据介绍，长江入河排污口排查整治工作开展以来，沿线各地已完成排污口监测和溯源，正在按照"
            "“一口一策”要求分类推进整治。",
            "本次督导将重点检查整治台账是否清晰、整治措施是否落实到位、是否存在“假整治”“纸面整治”"
            "等问题，督导发现的问题将移交地方并跟踪督办。",
            "会议要求，督导组要坚持问题导向，深入一线、深入现场，既要查找问题，也要帮助地方解决实际"
            "困难，推动排污口整治工作取得实效。",
            "据悉，专项督导将持续到今年年底，督导组将分批次赴沿线省（市）开展现场检查，并对排污口"
            "整治进度慢、问题多的地方开展“回头看”。",
        ),
        _written(
            "mee_nuclear_forum",
            "生态环境部召开2022年核与辐射安全监管工作座谈会",
            "2022-03-15 11:05",
            "生态环境部",
            "李婧",
            "3月14日，生态环境部（国家核安全局）召开2022年核与辐射安全监管工作座谈会，总结2021年"
            "核与辐射安全监管工作，分析当前形势，部署2022年重点任务。",
        ),
        # --- provincial bureau (hanweb) ---------------------------------------------
        _written(
            "zj_ozone",
            "全省夏季臭氧污染防治攻坚推进会召开",
            "2022-07-15 16:32",
            "浙江省生态环境厅",
            "陈晓",
            "7月14日，省生态环境厅召开全省夏季臭氧污染防治攻坚推进会，分析当前全省臭氧污染形势，"
            "部署下一阶段攻坚任务。",
            "会议指出，入夏以来，全省高温少雨天气持续，臭氧污染呈多发态势。各地要把臭氧污染防治作为"
            "当前大气污染防治的首要任务，以挥发性有机物（VOCs）和氮氧化物协同减排为重点，抓紧抓实"
            "各项管控措施。",
            "会议要求，要聚焦石化、化工、工业涂装、包装印刷等重点行业，开展挥发性有机物治理设施专项"
            "检查，督促企业在臭氧污染高发时段错时生产、错峰作业。",
            "会议强调，各地要加强臭氧污染预测预报，完善区域联防联控机制，发现问题及时交办、限期整改，"
            "确保全省空气质量稳中向好。",
        ),
        _written(
            "zj_wastefree",
            "全省“无废城市”建设工作现场推进会召开",
            "2022-07-08 10:15",
            "浙江省生态环境厅",
            "陈晓",
            "7月7日，全省“无废城市”建设工作现场推进会召开。会议总结交流各地“无废城市”建设经验，"
            "部署下阶段重点工作。",
            "会议指出，“无废城市”建设全域推进以来，各地围绕工业固体废物、生活垃圾、建筑垃圾、"
            "农业废弃物和危险废物等重点领域，建设了一批固体废物利用处置设施，形成了一批可复制可推广"
            "的经验做法。",
            "会议要求，要坚持减量化、资源化、无害化，加快补齐固体废物利用处置能力短板，推进“无废细胞”"
            "建设，持续提升全社会“无废”理念。",
            "与会人员现场观摩了再生资源回收利用中心、一般工业固废集中贮存点和“无废工厂”建设情况。",
            "各设区市生态环境局、省级有关部门负责同志参加会议，部分设区市作交流发言。",
        ),
        _written(
            "zj_h1_quality",
            "上半年全省生态环境质量持续改善",
            "2022-07-28 09:00",
            "浙江省生态环境厅",
            "周宁",
            "7月27日，省生态环境厅发布2022年上半年全省生态环境质量状况。上半年，全省设区城市PM2.5"
            "平均浓度为26微克/立方米，空气质量优良天数比例为88.7%。",
            "全省地表水省控断面中，Ⅰ—Ⅲ类水质断面占95.3%，无劣Ⅴ类水质断面；县级以上城市集中式"
            "饮用水水源地水质达标率保持100%。",
            "近岸海域水质总体保持稳定，优良海水面积比例较去年同期有所上升。",
            "省生态环境厅有关负责人表示，下半年将聚焦臭氧污染防治、近岸海域综合治理等重点工作，"
            "确保全年生态环境质量目标任务顺利完成。",
            "从各设区市情况看，舟山、丽水、温州等地空气质量排名靠前，部分城市受臭氧污染影响，"
            "优良天数比例同比有所下降。省生态环境厅已对相关城市进行提醒，督促其加大治理力度。",
        ),
        # --- national portal (govcn) ------------------------------------------------
        _written(
            "gov_nature_reserves",
            "生态环境部部署2022年自然保护地强化监督工作",
            "2022-02-18 10:25",
            "生态环境部网站",
            "刘洋",
            "记者从生态环境部获悉，生态环境部近日印发通知，部署开展2022年自然保护地强化监督工作，"
            "重点对国家级自然保护区、国家级风景名胜区等开展人类活动遥感监测和实地核查。",
            "通知要求，各地要对照遥感监测发现的问题线索逐一核实，对违法违规开发建设活动依法查处，"
            "对整改不到位、虚假整改的问题挂牌督办。",
            "通知明确，生态环境部将适时组织开展专项督查，督查结果纳入生态环境保护督察工作。",
            "近年来，通过“绿盾”自然保护地强化监督，一批自然保护地内的违法违规问题得到整改，"
            "自然保护地生态环境质量稳中向好。",
            "生态环境部有关负责人表示，各地要把自然保护地监管作为生态保护的重要抓手，对发现的问题"
            "坚持“零容忍”，推动自然保护地面积不减少、功能不降低、性质不改变。",
        ),
        _written(
            "gov_zoning",
            "全国生态环境分区管控体系基本建立",
            "2022-03-05 14:02",
            "新华社",
            "刘洋",
            "新华社北京3月5日电 记者从生态环境部了解到，全国省、市两级生态环境分区管控方案已全部"
            "发布实施，覆盖全部国土空间的生态环境分区管控体系基本建立。",
            "生态环境分区管控以生态保护红线、环境质量底线、资源利用上线为基础，划定环境管控单元，"
            "编制生态环境准入清单，为区域开发和项目建设提供依据。",
            "生态环境部有关负责人表示，下一步将推动分区管控成果在政策制定、环境准入、园区管理和执法"
            "监管中的应用，强化对重大发展战略实施的支撑。",
            "据介绍，各地已将生态环境分区管控要求纳入地方性法规或规范性文件，一些地方建成了分区管控"
            "信息平台，企业和公众可在线查询项目选址涉及的管控要求。",
        ),
        _written(
            "gov_yellow_river",
            "黄河流域生态保护和高质量发展重点工作有序推进",
            "2022-03-22 16:40",
            "人民日报",
            "赵倩",
            "黄河流域各省区协同推进生态保护和高质量发展，上游水源涵养能力持续提升，中游水土流失治理"
            "成效明显，下游河道和滩区综合治理有序推进。",
            "生态环境部门聚焦黄河流域水环境质量改善，开展入河排污口排查整治，推进工业园区污水集中"
            "处理设施建设，黄河干流水质总体保持稳定。",
            "沿黄各地加快推进矿山生态修复和湿地保护，黄河三角洲湿地生态系统稳定性进一步增强，"
            "生物多样性不断丰富。",
            "有关专家表示，要坚持以水定城、以水定地、以水定人、以水定产，把水资源作为最大的刚性约束，"
            "推动黄河流域生态保护和高质量发展取得新进展。",
            "记者了解到，沿黄各省区今年还将实施一批水污染治理、生态修复和节水改造重点项目，"
            "持续改善黄河流域生态环境质量。",
        ),
        # --- city bureau (city); the city is fictional --------------------------------
        _written(
            "city_water_source",
            "市生态环境局开展春季饮用水水源地环境安全专项检查",
            "2022-03-15 09:12:00",
            "市生态环境局",
            "admin",
            "为切实保障群众饮水安全，3月中旬，市生态环境局组织开展春季集中式饮用水水源地环境安全"
            "专项检查。",
            "检查组先后深入城区第二水厂取水口、东湖水库等水源地，实地查看一级保护区隔离防护设施、"
            "警示标志设置和视频监控运行情况，详细了解水质监测和应急物资储备情况。",
            "检查发现，部分水源地存在警示标志老化、隔离网破损等问题，检查组现场向属地政府和供水单位"
            "进行了交办，要求限期整改到位。",
            "下一步，市生态环境局将持续加强水源地日常巡查和水质监测，建立问题清单和整改台账，"
            "确保全市饮用水水源地水质稳定达标。",
            "据介绍，今年以来，全市集中式饮用水水源地水质监测结果均达到或优于Ⅲ类标准，水质达标率"
            "保持100%。",
        ),
        _written(
            "city_straw",
            "我市启动2022年秸秆禁烧巡查工作",
            "2022-04-08 15:30:00",
            "市生态环境局",
            "admin",
            "4月7日，市大气污染防治工作领导小组办公室召开会议，部署2022年春季秸秆禁烧巡查工作。",
            "会议要求，各县市区要落实属地管理责任，实行网格化管理，将秸秆禁烧责任落实到乡镇、村组"
            "和具体责任人，做到地块有人管、火点有人查。",
            "市生态环境局将会同农业农村、城管等部门组成联合巡查组，采取白天巡查与夜间巡查相结合的"
            "方式开展督查，对发现的火点及时通报处理。",
            "同时，各地要加大秸秆综合利用政策宣传，引导群众通过还田、饲料化、基料化等方式利用秸秆，"
            "从源头上减少露天焚烧。",
            "市生态环境局提醒广大群众，发现露天焚烧秸秆行为，可拨打12369环保举报热线进行举报，"
            "共同守护我市蓝天白云。",
        ),
        _written(
            "city_biodiversity",
            "市生态环境局开展“5·22国际生物多样性日”宣传活动",
            "2022-05-20 10:05:00",
            "市生态环境局",
            "admin",
            "5月20日，市生态环境局联合市林业局、团市委在市民广场开展“5·22国际生物多样性日”主题"
            "宣传活动。",
            "活动现场通过展板展示、发放宣传资料、有奖问答等形式，向市民普及生物多样性保护知识，"
            "宣传我市珍稀野生动植物资源和自然保护地建设成效。",
            "活动共发放宣传资料2000余份，接受群众咨询300余人次。市民纷纷表示，要从身边小事做起，"
            "共同保护好家乡的青山绿水。",
            "近年来，我市持续开展生物多样性调查和监测，建立了重点物种名录和监测样地，全市记录到的"
            "野生动植物种类逐年增加，生物多样性保护工作取得积极成效。",
        ),
        _written(
            "city_enforcement_2019",
            "市生态环境局召开第三季度环境执法工作会议",
            "2019-11-05 16:48:00",
            "市生态环境局",
            "admin",
            "11月4日，市生态环境局召开第三季度环境执法工作会议，通报全市环境执法工作情况，部署第四"
            "季度重点工作。",
            "会议指出，今年以来，全市共立案查处环境违法案件86起，有力震慑了环境违法行为。",
            "会议要求，各执法大队要继续保持执法高压态势，聚焦群众反映强烈的突出环境问题，严厉打击"
            "偷排偷放、超标排放等违法行为。",
            "会议还对环境执法案卷评查中发现的问题进行了通报，要求各执法大队规范执法程序，"
            "提高执法文书质量，确保每一起案件都经得起检验。",
        ),
        # --- Traditional-script repost portal (hant); converted by traditional() --------
        _written(
            "hk_bay_marine",
            "粤港澳携手推进近岸海域生态环境保护",
            "2021-06-10 18:20",
            "中国新闻网",
            "何嘉",
            "粤港澳三地环保部门日前召开近岸海域生态环境保护合作专责小组会议，回顾过去一年三地在海洋"
            "垃圾治理、珠江口水质监测等方面的合作成果。",
            "会议指出，三地已建立珠江口近岸海域水质数据共享机制，定期交换监测结果，并联合开展海洋"
            "垃圾清理和公众宣传活动。",
            "各方同意，下一步将加强入海河流和入海排污口的协同管控，共同推进红树林等滨海湿地的保护"
            "修复，携手建设“美丽海湾”。",
            "与会代表表示，将继续深化区域合作，推动大湾区近岸海域生态环境质量持续改善。",
            "据了解，三地还计划联合编制珠江口海洋生态环境保护合作规划，并在海洋环境应急、"
            "科研交流和人员培训等方面加强协作。",
        ),
        _written(
            "hk_shenzhen_bay_birds",
            "深圳湾红树林湿地迎来越冬候鸟高峰",
            "2022-01-12 09:40",
            "深圳特区报",
            "何嘉",
            "时值冬季候鸟迁徙高峰，深圳湾红树林湿地迎来大批越冬候鸟，黑脸琵鹭、反嘴鹬等珍稀鸟类"
            "在滩涂觅食栖息。",
            "据监测，今年在深圳湾越冬的候鸟数量超过10万只，其中国家一级保护野生动物黑脸琵鹭数量"
            "较往年有所增加。",
            "近年来，当地持续推进红树林保护修复，清理外来入侵植物，改善滩涂生境，为候鸟提供了更加"
            "适宜的栖息环境。",
            "有关部门提醒市民，观鸟时应保持安静、保持距离，不要投喂和惊扰鸟类，共同守护湿地生态。",
            "湿地保护管理部门表示，将继续加强候鸟栖息地巡护和监测，在候鸟越冬期间严格管控进入"
            "核心区域的人员和活动，为候鸟营造安全宁静的越冬环境。",
        ),
    )
}


@dataclass(frozen=True)
class SeedSpec:
    """Where a seed's body sits in its file, and the metadata its mirror page shows.

    The body runs from the first line starting with `body_from` up to, not
    including, the first later line starting with `body_until` (None: to the end).
    Metadata the seed lacks (001 and 004 have no date) is chosen here and marked.
    """

    key: str
    prefix: str
    title: str
    published: str
    source: str | None
    body_from: str
    body_until: str | None
    summary_line: str | None = None  # a line prefix; the summary is that line less any label
    keywords: str | None = None
    author: str | None = None


SEEDS: dict[str, SeedSpec] = {
    s.key: s
    for s in (
        SeedSpec(
            "seed000", "000_", "全國海洋生態環境保護工作會議召開", "2020-12-18", "中國政府網",
            body_from="5月9日至10日", body_until="相關焦點", summary_line="李幹傑強調,要用新體制",
        ),
        # 001 shows no date: the mirror page uses the meeting's last day.
        SeedSpec(
            "seed001", "001_", "全国生态环境维护工作会议在京举行", "2023-02-17 17:30", "生态环境部网站",
            body_from="2月16日至17日", body_until="还没有评论",
        ),
        SeedSpec(
            "seed002", "002_", "在全市生态环境保护2021年工作会议上的讲话", "2021-03-12 12:01:53", None,
            body_from="同志们:", body_until="标签:", author="admin",
        ),
        SeedSpec(
            "seed003", "003_", "浙江省水和海洋生态环境保护工作会议暨巡视反馈涉水问题整改推进会召开",
            "2022-07-22 07:10:17", "浙江省生态环境厅",
            body_from="2022年7月20日,全省", body_until="原标题", summary_line="导读:", keywords="水环境海洋污染",
        ),
        # 004 has no title, date or source: the title is written from its lead sentence,
        # the date is a repost date after the 2月18日 meeting; the junk number is left out.
        SeedSpec(
            "seed004", "004_", "廣東省生態環境廳召開2022年全省生態環境保護工作會議", "2022-02-19 08:45", None,
            body_from="2月18日,", body_until="3972501908254",
        ),
    )
}

_BLANK = " \t\xa0\u3000"


def _seed_lines(prefix: str, seeds_dir: Path) -> list[str]:
    matches = sorted(seeds_dir.glob(f"{prefix}*.txt"))
    if not matches:
        raise FileNotFoundError(f"no seed {prefix}*.txt in {seeds_dir}")
    return matches[0].read_text(encoding="utf-8").splitlines()


def _index_of(lines: list[str], prefix: str, start: int, seed: str) -> int:
    for i in range(start, len(lines)):
        if lines[i].strip(_BLANK).startswith(prefix):
            return i
    raise ValueError(f"seed {seed}: no line starts with {prefix!r}")


@cache
def seed_article(key: str, seeds_dir: Path = SEEDS_DIR) -> Article:
    """The seed's body lines as paragraphs (blank and NBSP-only lines dropped)."""
    spec = SEEDS[key]
    lines = _seed_lines(spec.prefix, seeds_dir)
    start = _index_of(lines, spec.body_from, 0, spec.prefix)
    end = _index_of(lines, spec.body_until, start + 1, spec.prefix) if spec.body_until else len(lines)
    paragraphs = tuple(line.strip(_BLANK) for line in lines[start:end] if line.strip(_BLANK))
    summary = None
    if spec.summary_line:
        line = lines[_index_of(lines, spec.summary_line, 0, spec.prefix)].strip(_BLANK)
        summary = line.removeprefix("导读:")
    return Article(
        key=key, title=spec.title, published=spec.published, source=spec.source, paragraphs=paragraphs,
        author=spec.author, summary=summary, keywords=spec.keywords, origin=f"seed {spec.prefix[:3]}",
    )


def article(key: str) -> Article:
    """A written article or a seed, by key."""
    return WRITTEN[key] if key in WRITTEN else seed_article(key)


# Hong Kong and Taiwan pages quote with corner brackets; s2hk leaves “” alone.
_CORNER_QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})


@cache
def _s2hk():
    import opencc  # only the hant site needs it

    return opencc.OpenCC("s2hk")


def to_traditional(text: str) -> str:
    return _s2hk().convert(text).translate(_CORNER_QUOTES)


def traditional(item: Article) -> Article:
    """A written Simplified article as a Hong Kong portal would print it."""
    return dataclasses.replace(
        item,
        title=to_traditional(item.title),
        source=to_traditional(item.source) if item.source else None,
        paragraphs=tuple(to_traditional(p) for p in item.paragraphs),
        editor=to_traditional(item.editor) if item.editor else None,
    )
