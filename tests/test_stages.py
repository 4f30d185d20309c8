"""Each stage on its own, on real fragments of the seeds and of government page chrome."""

from __future__ import annotations

import pytest

from cleaners import Document, Rejection
from cleaners.boilerplate import Boilerplate
from cleaners.dates import date_from_url, parse_date
from cleaners.decode import Decode
from cleaners.extract import parse_html
from cleaners.metadata import Metadata
from cleaners.normalize import Normalize, normalize_text
from cleaners.prune import Pruner
from cleaners.repair import Repair
from cleaners.script import Script
from cleaners.text import fold, fullwidth_punctuation


def text_doc(text: str) -> Document:
    return Document(origin="test", is_html=False, text=text)


@pytest.fixture(scope="module")
def rules(pipeline):
    return pipeline.rules


# --- decode -------------------------------------------------------------------


def html_doc(raw: bytes, content_type: str | None = None) -> Document:
    return Document(origin="test", raw=raw, content_type=content_type)


def test_decode_meta_gb2312_widened_to_gb18030(rules):
    page = '<html><head><meta charset="gb2312"></head><body><p>生态环境部召开会议，镕</p></body></html>'
    doc = Decode(rules).process(html_doc(page.encode("gb18030")))
    assert doc.encoding == {"name": "gb18030", "how": "declared"}
    assert "生态环境部召开会议，镕" in doc.html


def test_decode_declared_gb2312_but_utf8_is_corrected(rules):
    page = '<html><head><meta charset="gb2312"></head><body><p>全国海洋生态环境保护工作会议召开</p></body></html>'
    doc = Decode(rules).process(html_doc(page.encode("utf-8")))
    assert doc.encoding["how"] == "corrected" and doc.encoding["name"] == "utf-8"
    assert "\ufffd" not in doc.html and "全国海洋生态环境保护工作会议召开" in doc.html


def test_decode_http_header_wins_over_meta(rules):
    page = '<html><head><meta charset="utf-8"></head><body><p>浙江省生态环境厅</p></body></html>'
    doc = Decode(rules).process(html_doc(page.encode("gbk"), "text/html; charset=GBK"))
    assert doc.encoding == {"name": "gb18030", "how": "declared"}
    assert "浙江省生态环境厅" in doc.html


def test_decode_undeclared_gbk_is_detected(rules):
    body = "".join(f"<p>{line}</p>" for line in ["生态环境部组织召开全国海洋生态环境保护工作会议。"] * 20)
    page = f"<html><head><title>会议</title></head><body>{body}</body></html>"
    doc = Decode(rules).process(html_doc(page.encode("gbk")))
    assert doc.encoding == {"name": "gb18030", "how": "detected"}
    assert "生态环境部组织召开全国海洋生态环境保护工作会议" in doc.html


def test_decode_undeclared_big5_is_told_from_gbk(rules):
    # these Big5 bytes also decode as GB18030 (to nonsense): only the detector can tell
    lines = ["廣東省生態環境廳召開全省生態環境保護工作會議，總結過去一年的工作。", "會議強調，要深入打好污染防治攻堅戰，推動經濟社會發展全面綠色轉型。"]
    page = f"<html><head><title>會議</title></head><body>{''.join(f'<p>{line}</p>' for line in lines * 10)}</body></html>"
    doc = Decode(rules).process(html_doc(page.encode("big5")))
    assert doc.encoding == {"name": "big5hkscs", "how": "detected"}
    assert lines[0] in doc.html


@pytest.mark.parametrize("raw,reason", [(b"", "empty_input"), (b"   \n", "empty_input"), (b"%PDF-1.7\n...", "not_html")])
def test_decode_rejects_non_pages(rules, raw, reason):
    result = Decode(rules).process(html_doc(raw))
    assert isinstance(result, Rejection) and result.reason == reason


# --- script -------------------------------------------------------------------


def test_pinyin_removed_before_conversion_and_parens_kept(rules):
    doc = Script(rules).process(text_doc("廣東省生態(tài)環(huán)境廳召開會議,縣(市、區(qū))分局和沿海各省(區、市)參加(COP15)。"))
    assert doc.text == "广东省生态环境厅召开会议,县(市、区)分局和沿海各省(区、市)参加(COP15)。"
    assert doc.converted_from == "zh-Hant"
    assert doc.quality["script"]["pinyin_removed"] == 3


def test_pinyin_rule_keeps_legitimate_parentheses(rules):
    text = "正处级(含)以上干部、挥发性有机物(VOCs)、内容头部广告位(手机)、市住房和城乡建设局(市人防办)、(一)压实责任"
    doc = Script(rules).process(text_doc(text))
    assert doc.text == text and doc.converted_from is None


def test_neutral_tone_pinyin_only_on_annotated_pages(rules):
    annotated = Script(rules).process(text_doc("生態(tài)環(huán)境的(de)保護(hù)工作"))
    assert "(de)" not in annotated.text
    plain = Script(rules).process(text_doc("这是一个测试的(de)例子"))
    assert "(de)" in plain.text


def test_after_t2s_quotes_and_zhe_only_on_converted_pages(rules):
    doc = Script(rules).process(text_doc("要「一家人齊心協力」,著力強化監管,隨著改革深入,成效顯著。"))
    assert doc.text == "要“一家人齐心协力”,着力强化监管,随着改革深入,成效显著。"
    simplified = Script(rules).process(text_doc("著力强化监管,成效显著,他是著名学者。"))
    assert simplified.text == "著力强化监管,成效显著,他是著名学者。"


def test_simplified_page_is_not_marked_converted(rules):
    doc = Script(rules).process(text_doc("2月16日至17日,生态环境部在京召开2023年全国生态环境保护工作会议。"))
    assert doc.converted_from is None and "script" not in doc.quality


# --- repair -------------------------------------------------------------------


def test_set_phrase_repairs_lost_characters(rules):
    doc = Repair(rules).process(text_doc("推动生态环境保护在服务大局上体现新?lián)?、展现新作为。"))
    assert doc.text == "推动生态环境保护在服务大局上体现新担当、展现新作为。"
    assert "encoding_damage" not in doc.flags


def test_unrepairable_damage_loses_residue_and_is_flagged(rules):
    doc = Repair(rules).process(text_doc("会议要求各地?xiàn)?真落实。"))
    assert "xiàn)" not in doc.text and "encoding_damage" in doc.flags


def test_question_mark_after_particle_is_not_damage(rules):
    doc = Repair(rules).process(text_doc("你知道吗?生态环境部召开会议。"))
    assert doc.text == "你知道吗?生态环境部召开会议。" and not doc.flags


def test_replacement_characters_are_flagged(rules):
    assert "encoding_damage" in Repair(rules).process(text_doc("生态环境\ufffd保护")).flags
    assert "encoding_damage" in Repair(rules).process(text_doc("锟斤拷锟斤拷")).flags


# --- metadata -----------------------------------------------------------------


def test_label_line_with_several_fields(rules):
    doc = Metadata(rules).process(
        text_doc("发布时间:2023-02-17 10:30 来源:生态环境部 作者:张三 浏览次数:123\n生态环境部召开新闻发布会,通报近期重点工作进展情况。")
    )
    assert doc.meta["published_at"] == "2023-02-17T10:30:00+08:00"
    assert doc.meta["source"] == "生态环境部" and doc.meta["author"] == "张三"
    assert doc.text == "生态环境部召开新闻发布会,通报近期重点工作进展情况。"


def test_full_width_labels_match_the_same_rules(rules):
    doc = Metadata(rules).process(text_doc("来源：浙江省生态环境厅\n2022年7月20日，全省水和海洋生态环境保护工作会议召开。"))
    assert doc.meta["source"] == "浙江省生态环境厅"


def test_metadata_never_read_from_related_list(rules):
    text = (
        "全国海洋生态环境保护工作会议召开\n"
        "5月9日至10日,生态环境部组织召开全国海洋生态环境保护工作会议。生态环境部部长出席会议并讲话。\n"
        "相关焦点\n"
        "2020-11-27 13:28 来源:澎湃新闻\n"
    )
    doc = Metadata(rules).process(text_doc(text))
    assert doc.meta.get("source") is None and doc.meta.get("published_at") is None
    assert doc.meta["title"] == "全国海洋生态环境保护工作会议召开"


def test_editor_and_original_title_read_anywhere(rules):
    text = "生态环境部召开部常务会议,审议并原则通过有关文件。会议强调要抓好落实。\n(责任编辑:李四)\n原标题:部常务会议召开"
    doc = Metadata(rules).process(text_doc(text))
    assert doc.meta["editor"] == "李四" and doc.meta["original_title"] == "部常务会议召开"
    assert doc.text == "生态环境部召开部常务会议,审议并原则通过有关文件。会议强调要抓好落实。"


def test_body_paragraph_starting_with_label_word_is_kept(rules):
    para = "记者:请问今年的重点工作有哪些?发言人:今年我们将重点抓好以下几个方面的工作,包括大气、水和土壤污染防治等等,具体内容如下。"
    text = "生态环境部例行新闻发布会实录\n生态环境部今天举行例行新闻发布会。新闻发言人回答了记者提问。\n" + para
    doc = Metadata(rules).process(text_doc(text))
    assert para in doc.text


def test_page_date_wins_over_event_date_and_url(rules):
    doc = text_doc("会议召开\n2022/7/22 7:10:17\n2022年7月20日,全省水和海洋生态环境保护工作会议召开。会议强调要抓好落实。")
    doc.url = "http://sthjt.zj.gov.cn/art/2022/7/21/art_1_2.html"
    assert Metadata(rules).process(doc).meta["published_at"] == "2022-07-22T07:10:17+08:00"


def test_labelled_subject_line_is_the_title_not_text(rules):
    doc = Metadata(rules).process(text_doc("主题:你知道导游为什么热衷于让你去商场购物吗?\n作者:芊草凡凡 时间:2005-08-22 19:13:18\n" + "导游的收入很大一部分来自购物的回扣,这是业内的行规,境内游境外游都是这样的。"))
    assert doc.meta["title"] == "你知道导游为什么热衷于让你去商场购物吗?"
    assert doc.meta["author"] == "芊草凡凡" and doc.meta["published_at"] == "2005-08-22T19:13:18+08:00"
    assert doc.text.startswith("导游的收入")


def test_post_footer_dateline_dates_a_page_without_a_head_date(rules):
    post = "我以往是一个最反感愤青的人,每次看到谁又拿这些事情捕风捉影,我就反感得不得了。"
    doc = Metadata(rules).process(text_doc(f"{post}\n〓 网易娱乐 明星话题 发布时间 2005/03/15 22:36:13 by duscha 〓"))
    assert doc.meta["published_at"] == "2005-03-15T22:36:13+08:00" and doc.text == post
    # a time word inside another word labels nothing
    dated = Metadata(rules).process(text_doc(f"{post}\n下次聚会时间 2005/04/01"))
    assert dated.meta.get("published_at") is None


def test_url_date_is_the_last_resort(rules):
    doc = text_doc("生态环境部召开部务会议,审议通过有关规章。会议强调要抓好落实。")
    doc.url = "https://www.mee.gov.cn/ywdt/hjywnews/202202/t20220218_969476.shtml"
    assert Metadata(rules).process(doc).meta["published_at"] == "2022-02-18"


@pytest.mark.parametrize(
    "text,iso",
    [
        ("2022年2月18日", "2022-02-18"),
        ("发布时间:2022-02-18 10:30", "2022-02-18T10:30:00+08:00"),
        ("2022/7/22 7:10:17", "2022-07-22T07:10:17+08:00"),
        ("2022.02.18", "2022-02-18"),
        ("2022-13-01", None),
        ("2022-02-30", None),
        ("2999-01-01", None),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "url,iso",
    [
        ("http://www.mee.gov.cn/ywdt/202202/t20220218_969476.shtml", "2022-02-18"),
        ("http://sthjt.gd.gov.cn/art/2016/11/22/art_1621004_30332664.html", "2016-11-22"),
        ("https://www.gov.cn/zhengce/2022-02/18/content_5674178.htm", "2022-02-18"),
        ("https://www.gov.cn/xinwen/content_5628785.htm", None),
    ],
)
def test_date_from_url(url, iso):
    assert date_from_url(url) == iso


# --- boilerplate --------------------------------------------------------------

BODY = "李干杰指出,当前海洋生态环境保护在工作格局、工作目标上已发生重大转变。会议强调要抓好落实。"


@pytest.mark.parametrize(
    "chrome",
    [
        "当前位置:首页 > 新闻中心 > 工作动态",
        "【字体:大 中 小】",
        "分享到:",
        "扫一扫在手机打开当前页",
        "责任编辑:张三",
        "浏览次数:123",
        "还没有评论,来说两句吧...",
        "建议使用IE9以上浏览器",
        "举报",
        "主题已经关闭,停止回复.",
        "搜狐首页 > 搜狐财经 > 产经新闻",
        "■ 我来说两句",
    ],
)
def test_chrome_lines_dropped(rules, chrome):
    doc = Boilerplate(rules).process(text_doc(f"{BODY}\n{chrome}\n{BODY}"))
    assert doc.text == f"{BODY}\n{BODY}"


@pytest.mark.parametrize(
    "marker", ["相关新闻", "相关焦点", "上一篇:泰顺县打造特色生态农业模式", "标签:党课素材网", "版权所有:某市人民政府", "京ICP备05070218号", "参考文献"]
)
def test_tail_marker_cuts_to_end(rules, marker):
    doc = Boilerplate(rules).process(text_doc(f"{BODY}\n{marker}\n全国生态环境保护工作会议在京召开\n2020-11-27 来源:澎湃新闻"))
    assert doc.text == BODY


def test_rules_never_fire_on_a_body_paragraph_containing_the_word(rules):
    para = "会议指出,要加强相关新闻宣传和舆论引导,推进信息公开,当前位置重要,版权所有单位要依法履行责任,各地要认真落实上一篇文章提到的各项要求,切实做好工作。"
    doc = Boilerplate(rules).process(text_doc(f"{BODY}\n{para}"))
    assert doc.text == f"{BODY}\n{para}"


def test_bare_label_goes_only_below_the_last_paragraph(rules):
    doc = Boilerplate(rules).process(text_doc(f"主要做法:\n{BODY}\n回复线索:"))
    assert doc.text == f"主要做法:\n{BODY}"


def test_cut_marker_before_any_paragraph_does_not_cut(rules):
    doc = Boilerplate(rules).process(text_doc(f"相关新闻\n{BODY}"))
    assert BODY in doc.text


def test_ad_slot_stripped_inline(rules):
    doc = Boilerplate(rules).process(text_doc(f"{BODY}内容底部广告位(手机)\n内容头部广告位(电脑)"))
    assert doc.text == BODY


def test_content_farm_line_dropped_and_flagged(rules):
    doc = Boilerplate(rules).process(text_doc(f"您好,小编今天为大家分享:【会议召开】让我们一起来看看吧!\n{BODY}"))
    assert doc.text == BODY and "content_farm" in doc.flags


def test_trailing_junk_number(rules):
    assert Boilerplate(rules).process(text_doc(f"{BODY}\n3972501908254")).text == BODY


# --- normalize ----------------------------------------------------------------


def test_normalize_whitespace_and_invisibles():
    raw = "\u3000\u3000第一段,内容。\u200b\n\xa0\n\n  第二段\xa0内容:  \n\ufeff"
    assert normalize_text(raw) == "第一段，内容。\n第二段 内容："


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("李干杰强调,要用", "李干杰强调，要用"),
        ("2021-03-12 12:01:53", "2021-03-12 12:01:53"),
        ("沿海各省(区、市)", "沿海各省（区、市）"),
        ("挥发性有机物(VOCs)", "挥发性有机物（VOCs）"),
        ("(一)压实责任", "（一）压实责任"),
        ("see (COP15) here, ok", "see (COP15) here, ok"),
        ("吧!!", "吧！！"),
        ("!!吧", "！！吧"),
        ("全角，不变", "全角，不变"),
        ("3,000吨", "3,000吨"),
    ],
)
def test_fullwidth_punctuation(raw, expected):
    assert fullwidth_punctuation(raw) == expected


def test_normalize_stage_applies_to_metadata(rules):
    doc = text_doc("正文,内容。")
    doc.meta["summary"] = "李干杰强调,要用新体制"
    doc = Normalize(rules).process(doc)
    assert doc.text == "正文，内容。" and doc.meta["summary"] == "李干杰强调，要用新体制"


def test_fold_keeps_positions():
    text = "来源：生态环境部（北京）\u3000ＡＢＣ１２３"
    assert len(fold(text)) == len(text) and fold(text) == "来源:生态环境部(北京) ABC123"


# --- page_type ----------------------------------------------------------------

from cleaners.page_type import PageType  # noqa: E402


@pytest.mark.parametrize(
    "text,reason",
    [
        ("对不起，您访问的页面不存在！\n返回首页", "not_found"),
        ("404\n页面未找到", "not_found"),
        ("请先登录后查看全文\n用户名\n密码", "login_wall"),
        ("为了您的访问安全，请完成安全验证", "login_wall"),
        ("请开启JavaScript以浏览本站", "js_shell"),
        (
            "\n".join(f"生态环境部召开第{i}次部务会议 2022-02-{i + 10:02d}" for i in range(8)),
            "list_page",
        ),
    ],
)
def test_non_articles_are_rejected_with_their_kind(rules, text, reason):
    result = PageType(rules).process(text_doc(text))
    assert isinstance(result, Rejection) and result.reason == reason


def test_short_real_article_is_not_a_non_article(rules):
    doc = text_doc("2月18日，省生态环境厅召开2022年全省生态环境保护工作会议，部署全年重点工作。")
    assert PageType(rules).process(doc) is doc


def test_article_that_mentions_login_or_404_is_kept(rules):
    para = "会议要求，各地要加快推进“一网通办”，群众登录政务服务平台即可办理，请登录后查看的限制要逐步取消。" * 8
    assert PageType(rules).process(text_doc(para)).text == para


def test_truncated_page_is_flagged_and_rejected(pipeline):
    page = "<html><head><meta charset='utf-8'></head><body><div class='TRS_Editor'><p>生态环境部召开部务会议，审议通过《关于"
    result = pipeline.run(Document(origin="t", raw=page.encode("utf-8")))
    assert isinstance(result, Rejection) and result.reason == "truncated"


def test_page_without_closing_tags_is_not_truncated(rules):
    page = "<html><body><p>生态环境部召开部务会议，审议通过有关文件。</p></div>\n"
    doc = Decode(rules).process(html_doc(page.encode("utf-8")))
    assert "truncated" not in doc.flags


def test_editor_below_the_body_is_read_from_the_page(pipeline):
    page = """<html><head><meta charset="utf-8"><title>全国碳市场扩围准备工作启动_中国政府网</title></head><body>
    <div class="pages-date">2024-05-21 10:30　来源：生态环境部网站</div>
    <div id="UCAP-CONTENT"><p>生态环境部近日召开会议，部署全国碳排放权交易市场扩围准备工作，要求各地抓好落实。</p>
    <p>会议要求，各地生态环境部门要加强数据质量监督管理，确保扩围工作平稳有序推进。</p></div>
    <div class="editor">【我要纠错】 责任编辑：张某某</div></body></html>"""
    record = pipeline.run(Document(origin="t", raw=page.encode("utf-8")))
    assert record["editor"] == "张某某" and "责任编辑" not in record["text"]
    assert record["source"] == "生态环境部网站" and record["published_at"] == "2024-05-21T10:30:00+08:00"


# --- extract ------------------------------------------------------------------

ARTICLE = "".join(
    f"<p>{p}</p>"
    for p in (
        "生态环境部近日召开会议，部署全国碳排放权交易市场扩围准备工作，要求各地抓好落实。",
        "会议要求，各地生态环境部门要加强数据质量监督管理，确保扩围工作平稳有序推进。",
    )
)
STORIES = "".join(
    f"<li><h3>{title}</h3><p>{summary}</p></li>"
    for title, summary in [
        ("义大利公开赛兹韦列夫封王", "德国网球好手兹韦列夫今天以六比四、七比五击败智利选手贾瑞，在义大利公开赛拿下他两年前受伤以来最重要的冠军，为下周的法国公开赛做好暖身。"),
        ("惠康今期推出一系列优惠", "惠康今期推出一系列优惠，买四支牙膏即送总值一百九十一元的丰富礼品，买六罐沙甸鱼即送总值四十五元的礼品，任选食油买两件九二折。"),
        ("食家蔡澜久未露面", "香江四大才子之一的食家蔡澜，去年四月因为跌倒受伤而休养，久未露面之余亦未再更新社交媒体，令不少支持者关注他的状况。"),
    ]
)


def pruned_page(rules, html: str) -> tuple[str, dict[str, int]]:
    tree = parse_html(f"<html><body>{html}</body></html>")
    counts = Pruner(rules.extract).prune(tree)
    return "".join(tree.itertext()), counts


@pytest.mark.parametrize("list_class", ["module-moreStories", "relatedNews", "xgxw"])
def test_list_of_other_stories_is_pruned_whatever_its_length(rules, list_class):
    # its summaries are prose and few of its words are links: a plain chrome word would not prune it
    text, counts = pruned_page(rules, f'<div class="article-body">{ARTICLE * 5}</div><div class="{list_class}"><ul>{STORIES}</ul></div>')
    assert "碳排放权交易市场" in text and "兹韦列夫" not in text and counts == {"chrome_list": 1}


def test_long_prose_under_a_chrome_word_stays(rules):
    text, counts = pruned_page(rules, f'<div class="nav">首页 | 新闻</div><div class="fontsize_box">{ARTICLE * 3}</div>')
    assert "碳排放权交易市场" in text and "首页" not in text and counts == {"chrome_class": 1}


def test_markup_indentation_does_not_count_as_text(rules):
    # a hundred characters of a login prompt, indented like real markup: short, so pruned
    prompt = "\n".join(f"{' ' * 40}<li>{item}</li>" for item in ["免费复制代码", "和博主大V互动", "下载海量资源", "发动态写文章"])
    text, counts = pruned_page(rules, f'{ARTICLE * 5}<div class="passport-login-tip">{"<p>登录后您可以享受以下权益</p><ul>" + prompt * 4 + "</ul>"}</div>')
    assert "登录后" not in text and counts == {"chrome_class": 1}


@pytest.mark.parametrize(
    "head,h1,title",
    [
        # the one <h1> says which part of <title> is the title, however short
        ('<title>金锺国 - 维基百科，自由的百科全书</title><meta property="og:title" content="金锺国 - 维基百科，自由的百科全书">', "金锺国", "金锺国"),
        ("<title>中法经贸合作广度深度不断拓展_中国_法国_全球</title>", "中法经贸合作广度深度不断拓展", "中法经贸合作广度深度不断拓展"),
        # a title meta tag that is not the whole <title> wins
        ('<title>首页_某市生态环境局</title><meta name="ArticleTitle" content="全市生态环境保护工作会议召开">', "新闻中心", "全市生态环境保护工作会议召开"),
        # without an <h1> to go by, the longest part of <title>
        ("<title>全市生态环境保护工作会议召开--湘江市生态环境局</title>", "", "全市生态环境保护工作会议召开"),
        # an <h1> repeating the last part of <title> is the site's logo heading
        ('<title>全市生态环境保护工作会议召开_湘江市生态环境局</title><meta property="og:title" content="全市生态环境保护工作会议召开_湘江市生态环境局">', "湘江市生态环境局", "全市生态环境保护工作会议召开_湘江市生态环境局"),
        ("<title>全市生态环境保护工作会议召开_湘江市生态环境局</title>", "湘江市生态环境局", "全市生态环境保护工作会议召开"),
    ],
)
def test_title_from_page_head(pipeline, head, h1, title):
    page = f"""<html><head><meta charset="utf-8">{head}</head><body>{f"<h1>{h1}</h1>" if h1 else ""}
    <div class="article-body">{ARTICLE}</div></body></html>"""
    assert pipeline.run(Document(origin="t", raw=page.encode("utf-8")))["title"] == title


def test_paragraph_going_on_after_an_ad_frame_is_kept(pipeline):
    # a portal's ad table (画中画) opened in the middle of a paragraph, which goes on in its tail
    ad = """<table border=0><tr><td><span><IFRAME WIDTH=360 HEIGHT=300 SRC="http://ad.example.com/a"><SCRIPT
    SRC="http://ad.example.com/a.js"></SCRIPT><NOSCRIPT><A HREF="http://ad.example.com/c"><IMG
    SRC="http://ad.example.com/i"></a></NOSCRIPT></IFRAME></span></td></tr></table>"""
    page = f"""<html><head><meta charset="utf-8"><title>湿地保护</title></head><body>
    <div id="article"><table><tr><td class="l17"><font id="zoom" class="f14">
    <p>　　省林业局近日召开湿地保护工作会议，部署今年的湿地保护修复任务，要求各地抓好落实。</p>
    <p>　　会议指出，全省湿地保护体系日益完善。省湿地保护中心是这项工作的骨干{ad}，早在建站之初，他们就为全省湿地监测网络《湿地年报》撰稿，从此与各地保护站熟悉起来。各地保护站曾一再向中心表示，希望今后继续开展联合监测。</p>
    <p>　　会议要求，各地要加快推进湿地保护立法，完善湿地分级管理制度，确保湿地面积不减少。</p>
    </font></td></tr></table></div></body></html>"""
    record = pipeline.run(Document(origin="t", raw=page.encode("utf-8")))
    assert "他们就为全省湿地监测网络《湿地年报》撰稿" in record["text"]


@pytest.mark.parametrize(
    "container",
    ['div class="TRS_Editor"', 'div class="view TRS_UEDITOR trs_paper_default"', 'div id="UCAP-CONTENT"', 'div id="zoom"',
     'td id="Zoom"', 'div id="vsb_content"', 'div class="v_news_content"', 'div class="pages_content"'],
)
def test_known_government_body_containers_are_found(pipeline, container):
    tag = container.split()[0]
    page = f"""<html><head><meta charset="utf-8"><title>全国碳市场扩围准备工作启动</title></head><body>
    <div class="nav">首页 | 新闻中心</div><table><tr><{container}>{ARTICLE * 2}</{tag}></tr></table></body></html>"""
    record = pipeline.run(Document(origin="t", raw=page.encode("utf-8")))
    assert record["quality"]["counts"]["extract"]["body_container"] == 1 and "碳排放权交易市场" in record["text"]


def test_short_notice_in_a_box_named_for_printing_stays(rules):
    notice = "<p>根据工作安排，我局定于2024年6月1日上午9时在局三楼会议室召开全市生态环境保护工作会议，请各单位准时参加。</p>"
    menu = "".join(f"<li>{item}</li>" for item in ["机构概况", "政务公开", "政务服务", "互动交流", "生态环境质量", "大气环境", "水环境", "土壤环境"] * 4)
    page = f'<ul class="top">{menu}</ul><div class="print-bar">【打印本页】【关闭窗口】</div><div id="printContent">{notice}</div>'
    text, counts = pruned_page(rules, page)
    assert "召开全市生态环境保护工作会议" in text and "打印本页" not in text and counts == {"chrome_class": 1}
