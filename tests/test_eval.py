"""`govnews eval`: the scoring on hand-made strings, the command on a tiny manifest, and the CI floor.

The floor works as trafilatura's own evaluation does in CI: govnews alone runs over
the labelled pages in ../shared/pages and the test fails when mean F1 or date
accuracy falls below the values pinned in tests/eval_floor.json. The manifest's
digest is pinned there too, so a changed page set cannot silently move the floor.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from govnews.evaluate import Score, eval_command, evaluate, file_sha256, normalize_title, score, tokens

from .conftest import shared_dir

FLOOR = json.loads((Path(__file__).with_name("eval_floor.json")).read_text(encoding="utf-8"))


# --- scoring ---------------------------------------------------------------


def test_cjk_characters_are_single_tokens_and_other_runs_stay_whole():
    assert tokens("中国2005年GDP增长7.5%") == Counter(
        {"中": 1, "国": 1, "2005": 1, "年": 1, "gdp": 1, "增": 1, "长": 1, "7": 1, "5": 1}
    )


def test_tokens_are_nfkc_and_case_folded_and_punctuation_is_not_a_token():
    # full-width letters and digits fold to ASCII; 。，“” and spaces are separators only
    assert tokens("ＡＰＥＣ，“２０２４”。 Apec") == Counter({"apec": 2, "2024": 1})


def test_underscore_separates_runs():
    assert tokens("abc_def") == Counter({"abc": 1, "def": 1})


def test_counting_is_by_multiset():
    result = score("的的的", "的")
    assert result.p == pytest.approx(1 / 3)
    assert result.r == 1
    assert result.f1 == pytest.approx(0.5)


def test_a_partial_overlap():
    # output 5 tokens, gold 7, 4 in common (国 务 院 发)
    result = score("国务院 发 文", "国务院 印发 通知")
    assert (result.p, result.r) == (pytest.approx(4 / 5), pytest.approx(4 / 7))
    assert result.f1 == pytest.approx(2 * (4 / 5) * (4 / 7) / (4 / 5 + 4 / 7))


@pytest.mark.parametrize("output", ["", None, "   \n", "。，！"])
def test_an_empty_output_scores_zero(output):
    assert score(output, "国务院印发通知") == Score(0.0, 0.0, 0.0)


def test_no_common_token_scores_zero():
    assert score("天气", "国务院") == Score(0.0, 0.0, 0.0)


def test_traditional_and_simplified_match_on_either_side():
    assert score("國務院發佈體育規劃", "国务院发布体育规划").f1 == 1
    assert score("国务院发布体育规划", "國務院發佈體育規劃").f1 == 1


def test_titles_compare_without_whitespace_case_width_or_script():
    assert normalize_title(" 國務院 關於\nＡＩ的通知 ") == normalize_title("国务院关于ai的通知")
    assert normalize_title(None) == ""


# --- the command on a tiny manifest ----------------------------------------

_ARTICLE = (
    "<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
    "<div class='nav'>首页 | 新闻 | 政务公开</div>"
    "<h1>{title}</h1><p>发布时间：2024-03-05</p>"
    "<div class='article'>{paragraphs}</div>"
    "<div class='footer'>版权所有 主办单位</div></body></html>"
)


def _page(tmp_path: Path, name: str, source: str, title: str, body: list[str]) -> dict:
    html = _ARTICLE.format(title=title, paragraphs="".join(f"<p>{p}</p>" for p in body))
    (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
    return {
        "id": f"{source}/{name}",
        "source_dataset": source,
        "url": f"https://www.example.gov.cn/{name}.html",
        "html_path": f"{name}.html",
        "gold_text": "\n".join(body),
        "gold_title": title,
        "gold_date": "2024-03-05",
    }


@pytest.fixture()
def tiny_manifest(tmp_path: Path) -> Path:
    body = [
        "为深入贯彻落实党中央、国务院决策部署，进一步做好春季农业生产工作，现将有关事项通知如下。" * 2,
        "各地要加强组织领导，压实工作责任，确保各项措施落到实处，切实保障粮食和重要农产品稳定安全供给。" * 2,
        "各级农业农村部门要强化技术指导服务，组织专家深入生产一线，帮助农民解决实际困难和问题。" * 2,
    ]
    rows = [
        _page(tmp_path, "a", "cwced", "关于做好春季农业生产工作的通知", body),
        _page(tmp_path, "b", "magic_html", "春季农业生产工作部署会召开", body[::-1]),
    ]
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return manifest


def test_the_command_writes_the_table_the_report_and_the_rows(tiny_manifest, tmp_path):
    report_path, rows_path = tmp_path / "report.json", tmp_path / "rows.jsonl"
    result = CliRunner().invoke(
        eval_command, [str(tiny_manifest), "--json", str(report_path), "--rows", str(rows_path)]
    )
    assert result.exit_code == 0, result.output
    assert "govnews (whole pipeline)" in result.output and "magic-html" in result.output
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["pages"] == 2 and report["manifest_sha256"] == file_sha256(tiny_manifest)
    ran = [name for name, row in report["systems"].items() if row["status"] == "ok"]
    assert {"govnews", "trafilatura", "trafilatura_precision", "trafilatura_raw"} <= set(ran)
    rows = [json.loads(line) for line in rows_path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2 * len(ran)
    assert {"id", "system", "p", "r", "f1", "text"} <= set(rows[0])
    govnews = report["systems"]["govnews"]
    assert govnews["f1"] > 0.9, rows
    assert report["govnews"]["date_accuracy"] == 1.0
    assert report["govnews"]["title_pages"] == 2


def test_source_restricts_and_no_baselines_runs_govnews_alone(tiny_manifest, pipeline):
    report = evaluate(tiny_manifest, pipeline=pipeline, baselines=False, source="magic_html")
    assert report["pages"] == 1 and report["source"] == "magic_html"
    assert list(report["systems"]) == ["govnews"]
    assert report["systems"]["govnews"]["f1_by_source"]["cwced"] is None


# --- the CI floor on ../shared/pages ---------------------------------------


def test_the_manifest_is_the_one_the_floor_was_measured_on():
    manifest = shared_dir("pages", "manifest.jsonl")
    assert file_sha256(manifest) == FLOOR["manifest_sha256"], (
        "../shared/pages/manifest.jsonl changed: re-measure with `govnews eval` and re-pin tests/eval_floor.json"
    )


def test_govnews_stays_above_the_floor(pipeline):
    report = evaluate(shared_dir("pages", "manifest.jsonl"), pipeline=pipeline, baselines=False)
    govnews, facts = report["systems"]["govnews"], report["govnews"]
    worst = sorted(facts["per_page"], key=lambda row: row["f1"])[:5]
    assert report["pages"] == FLOOR["pages"]
    assert govnews["f1"] >= FLOOR["mean_f1"], f"mean F1 {govnews['f1']} < floor {FLOOR['mean_f1']}; worst: {worst}"
    assert facts["date_accuracy"] >= FLOOR["date_accuracy"], (
        f"date accuracy {facts['date_accuracy']} < floor {FLOOR['date_accuracy']}: {facts['date_mismatches']}"
    )
