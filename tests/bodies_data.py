"""A list of three bodies (部门), written as real YAML files from the
example's: its flow templates and site configuration, with the site's
authority made the government the bodies belong to."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

GOVERNMENT = """authority:
  name: 焦作市人民政府
  full_name: 焦作市人民政府
  region: 河南省焦作市
  region_code: "410800000000"
  level: 市级
  address: 焦作市人民路 1 号市行政服务中心
"""

FGW = """# 市发展和改革委员会：没写监督方式，用本级政府的
name: 市发展和改革委员会
full_name: 焦作市发展和改革委员会
kind: 行政机关
address: 焦作市人民路 2 号
units: [节能监察股, 政策法规股]
"""

SCJGJ = """name: 市市场监督管理局
full_name: 焦作市市场监督管理局
kind: 行政机关
credit_code: "11410800MB1234567X"
address: 焦作市塔南路 1 号
units: [特种设备安全监察科, 质量发展科]
lanes: [特种设备安全监察科, 质量发展科]
supervision:
  phone: 0391-3568000
  hours: 工作日 9:00—17:00
  channels:
    - 信函：焦作市塔南路 1 号市市场监督管理局督查科
"""

GJJ = """name: 市住房公积金管理中心
full_name: 焦作市住房公积金管理中心
kind: 法律法规授权组织
region: 河南省焦作市（含所辖县市）
phone: 0391-3912329
units: [归集管理科]
lanes: [归集管理科]
supervision:
  phone: 0391-3912300
"""

PHONES = {"fgw": "0391-2921000", "scjgj": "0391-3568000", "gjj": "0391-3912300"}
NAMES = {"fgw": "市发展和改革委员会", "scjgj": "市市场监督管理局", "gjj": "市住房公积金管理中心"}
ITEMS = {"fgw": ["taotai-yongneng-shebei-chufa", "zhongdian-yongneng-danwei-jiancha"],
         "scjgj": ["tezhong-shebei-jiancha"], "gjj": ["gongjijin-jiaocun-jiancha"]}


def _from(example: str, *pairs: tuple[str, str]) -> str:
    text = (ROOT / "powers" / f"{example}.yaml").read_text(encoding="utf-8")
    text = text.replace("$schema=../docs", "$schema=../../docs")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    return text


def site_files(dest: Path) -> Path:
    """The example's site configuration beside a list (docs/ and its MkDocs configuration)."""
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def three_bodies(dest: Path) -> Path:
    """The list in `dest`: powers/ (three body folders, no item of the
    government's own) and flows/; returns `dest`."""
    powers = dest / "powers"
    powers.mkdir(parents=True)
    site = (ROOT / "powers/_site.yaml").read_text(encoding="utf-8")
    start, end = site.index("authority:"), site.index("supervision:")
    (powers / "_site.yaml").write_text(site[:start] + GOVERNMENT + site[end:], encoding="utf-8")
    shutil.copytree(ROOT / "flows", dest / "flows")
    for ident, text in (("fgw", FGW), ("scjgj", SCJGJ), ("gjj", GJJ)):
        (powers / ident).mkdir()
        (powers / ident / "_body.yaml").write_text(text, encoding="utf-8")
    for example in ITEMS["fgw"]:
        (powers / "fgw" / f"{example}.yaml").write_text(_from(example), encoding="utf-8")
    (powers / "scjgj" / "tezhongke").mkdir()  # a subfolder (one per 科室) is still the body's
    (powers / "scjgj" / "tezhongke" / "tezhong-shebei-jiancha.yaml").write_text(_from(
        "keji-jihua-xiangmu-jiancha", ("$schema=../../docs", "$schema=../../../docs"),
        ('"410802-JC-001"', '"410800-JC-101"'), ("对区级科技计划项目实施和资金使用情况的监督检查", "对特种设备生产使用单位的监督检查"),
        ("units: [科技创新股]", "units: [特种设备安全监察科]"), ("lane: 科技创新股", "lane: 特种设备安全监察科")),
        encoding="utf-8")
    (powers / "gjj" / "gongjijin-jiaocun-jiancha.yaml").write_text(_from(
        "zhongdian-yongneng-danwei-jiancha", ('"410802-JC-002"', '"410800-JC-201"'),
        ("对重点用能单位节能管理工作的监督检查", "对单位住房公积金缴存情况的监督检查"),
        ("units: [节能监察股]", "units: [归集管理科]"), ("lane: 节能监察股", "lane: 归集管理科")), encoding="utf-8")
    return dest
