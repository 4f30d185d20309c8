"""Quality scores and flags: spun_score (frozen formulae broken by a synonym spinner) and
boilerplate_leftover, on the seeds, the labelled real pages and a spun text made here."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from cleaners import ConfigError, Document, Pipeline, Rejection, load_rules
from cleaners.inputs import make_document
from cleaners.spun import Spun, compile_formula

from .conftest import SEEDS, shared_dir, validate_record

# A spinner's table unlike seed 001's (there: 思想→思维, 保护→维护, 中央→中心, 发展→展开,
# 建设→制作, 贯彻→遵循, 落实→执行, 指导→辅导, 核心→中心, 批示→指示 ...): other targets
# for the same words, and other words.
OTHER_TABLE = {
    "思想": "理念", "指导": "引导", "贯彻": "贯穿", "落实": "实行", "保护": "守护", "中央": "中枢",
    "核心": "焦点", "建设": "修建", "发展": "进展", "重要": "关键", "精神": "精力", "全面": "周全",
    "坚持": "坚守", "推进": "推动", "加强": "增强", "部署": "安排", "深入": "深化", "增效": "增益",
    "精准": "精确", "依法": "按法", "复兴": "振兴", "治党": "管党", "批示": "批语", "领导": "引导",
    "转型": "转变", "能力": "本领", "安全": "平安", "绿色": "青绿", "问题": "疑问", "要求": "需求",
    "提高": "进步", "持续": "连续", "质量": "品质",
}
SEED_001_TARGETS = {"思维", "维护", "中心", "展开", "制作", "遵循", "执行", "辅导", "指示", "前史", "天然", "调和"}


def seed_record(pipeline: Pipeline, prefix: str) -> dict:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    result = pipeline.run(make_document(str(path), path.read_bytes()))
    assert not isinstance(result, Rejection)
    return result


def spin(text: str, table: dict[str, str]) -> str:
    rx = re.compile("|".join(sorted(map(re.escape, table), key=len, reverse=True)))
    return rx.sub(lambda m: table[m.group(0)], text)


def test_seed_001_is_spun(pipeline):
    record = seed_record(pipeline, "001")
    validate_record(record)
    assert record["quality"]["spun_score"] >= 0.5
    assert "spun" in record["quality"]["flags"]
    counts = record["quality"]["counts"]["spun"]
    assert counts["formula_broken"] > counts["formula_intact"]


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_other_seeds_are_not(pipeline, prefix):
    record = seed_record(pipeline, prefix)
    assert record["quality"]["spun_score"] < 0.1 and "spun" not in record["quality"]["flags"]


def test_real_pages_are_not_spun(pipeline):
    pages = shared_dir("pages")
    scores = {}
    for line in (pages / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        page = json.loads(line)
        result = pipeline.run(make_document(page["html_path"], (pages / page["html_path"]).read_bytes(), url=page["url"]))
        if not isinstance(result, Rejection):
            scores[page["id"]] = result["quality"]["spun_score"]
    assert len(scores) >= 50
    worst = max(scores, key=scores.get)
    assert scores[worst] < 0.1, (worst, scores[worst])


def test_a_spun_text_from_another_article_and_table(pipeline):
    """Seed 004's body spun with a table unlike 001's scores as spun; its original does not.
    None of the configured broken variants occurs in it: the formula slots alone carry it."""
    assert not set(OTHER_TABLE.values()) & SEED_001_TARGETS
    original = json.loads((SEEDS / "expected" / "004.json").read_text(encoding="utf-8"))["text"]
    spun = spin(original, OTHER_TABLE)
    assert spun != original
    rules = load_rules()
    assert not any(variant in spun for variant in rules.spun["variants"])
    result = pipeline.run(Document(origin="spun-004", text=spun, is_html=False))
    assert result["quality"]["spun_score"] >= 0.5, result["quality"]["counts"]["spun"]
    assert result["quality"]["counts"]["spun"].get("variants", 0) == 0
    plain = pipeline.run(Document(origin="plain-004", text=original, is_html=False))
    assert plain["quality"]["spun_score"] < 0.1


def test_seed_001_without_the_variant_list(pipeline):
    """The table-independent signal alone: no variants configured, 001 still scores as spun."""
    rules = copy.deepcopy(pipeline.rules)
    rules.spun["variants"] = []
    stage = Spun(rules)
    text = seed_record(pipeline, "001")["text"]
    counts = stage.measure(text)
    assert counts["variants"] == 0 and stage.score(counts) >= 0.5


def test_formula_slots():
    formula = compile_formula("以习近平同志为[核心]的党[中央]", 0, 0, 3, "spun.yaml: formulae[0]")
    assert formula.matches("以习近平同志为核心的党中央") == (1, 0)
    assert formula.matches("以习近平同志为中心的党中心坚强领导") == (0, 1)
    assert formula.matches("以习近平同志为核心的党中心") == (0, 1)
    adjacent = compile_formula("人与[自然][和谐]共生", 0, 0, 3, "w")
    assert adjacent.matches("建设人与自然和谐共生的现代化") == (1, 0)
    assert adjacent.matches("人与天然调和共生") == (0, 1)
    choice = compile_formula("全面[建设|建成]社会主义现代化[国家|强国]", 0, 0, 3, "w")
    assert choice.matches("全面建成社会主义现代化强国，全面建设社会主义现代化国家") == (2, 0)


def test_formula_needs_fixed_context():
    with pytest.raises(ConfigError, match=r"spun\.yaml: formulae\[3\]: '党\[中央\]': fewer than 3 fixed"):
        compile_formula("党[中央]", 0, 0, 3, "configs/spun.yaml: formulae[3]")


def test_formula_without_slot_is_a_config_error(tmp_path):
    config = tmp_path / "configs"
    config.mkdir()
    for f in (Path(__file__).resolve().parent.parent / "configs").glob("*.yaml"):
        (config / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    spun = (config / "spun.yaml").read_text(encoding="utf-8")
    (config / "spun.yaml").write_text(spun.replace("  - 中华民族伟大[复兴]", "  - 中华民族伟大复兴"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"spun\.yaml: formulae\[\d+\]: '中华民族伟大复兴' does not match"):
        load_rules(config)


def test_boilerplate_leftover_flag(pipeline):
    body = "会议指出，全省生态环境质量持续改善，污染防治攻坚战阶段性目标任务圆满完成。"
    menu = "\n".join(["政务公开", "办事服务", "互动交流", "走进本市", "政策文件", "统计数据", "人事信息", "领导之窗"])
    clean = pipeline.run(Document(origin="a", text=body * 6, is_html=False))
    assert "boilerplate_leftover" not in clean["quality"]["flags"]
    left = pipeline.run(Document(origin="b", text=body * 2 + "\n" + menu + "\n" + menu, is_html=False))
    assert "boilerplate_leftover" in left["quality"]["flags"]
    assert left["quality"]["counts"]["flags"]["boilerplate_leftover_chars"] > 0
