"""No input makes the pipeline raise: every input ends as a record or a rejection."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import Document, Rejection

from .conftest import validate_record

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# text drawn from the characters that matter here: CJK, Traditional, pinyin tones,
# full- and half-width punctuation, brackets, controls, invisible marks
CHINESE_TEXT = st.lists(
    st.sampled_from(
        list("生態环境保護部会議召开。，、：；！？（）「」【】《》“”×xx(tài)?lián:,;!()\n\n \u3000\xa0\u200b\ufeff\x00\ufffd锟斤拷0123456789")
        + ["来源:", "相关新闻", "上一篇:", "2022-02-18", "当前位置:首页 > ", "广告位(手机)", "著力", "「水清」"]
    ),
    max_size=200,
).map("".join)
HTML_FRAGMENTS = st.lists(
    st.sampled_from(
        ['<html><head><meta charset="gb2312">', "<body>", "<div class='TRS_Editor'>", "<p>", "</p>", "</div>",
         "<script>var a='<p>';</script>", "<table><tr><td>", "生态环境部召开会议。", "發佈時間：2022年2月18日", "\x00",
         "<!--", "-->", "<![CDATA[", "&nbsp;", "&#xFFFF;", "<?xml version='1.0' encoding='utf-8'?>"]
    ),
    max_size=40,
).map("".join)


def check(result):
    assert isinstance(result, (dict, Rejection))
    if isinstance(result, dict):
        validate_record(result)


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(pipeline, data):
    check(pipeline.run(Document(origin="fuzz", raw=data)))


@PROPERTY_SETTINGS
@given(html=HTML_FRAGMENTS, encoding=st.sampled_from(["utf-8", "gb18030", "big5", "latin-1"]))
def test_html_like_bytes_never_raise(pipeline, html, encoding):
    check(pipeline.run(Document(origin="fuzz", raw=html.encode(encoding, errors="replace"))))


@PROPERTY_SETTINGS
@given(text=CHINESE_TEXT)
def test_arbitrary_text_never_raises(pipeline, text):
    result = pipeline.run(Document(origin="fuzz", is_html=False, text=text))
    check(result)
    if isinstance(result, dict):
        assert "\n\n" not in result["text"] and result["text"] == result["text"].strip()


@PROPERTY_SETTINGS
@given(text=st.text(max_size=300))
def test_any_unicode_text_never_raises(pipeline, text):
    check(pipeline.run(Document(origin="fuzz", is_html=False, text=text)))
